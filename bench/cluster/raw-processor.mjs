// raw-worker.mjs's processor in "sandboxed" mode: BullMQ loads this file on its worker threads.
export default async (job) => job.data.x + 1;
