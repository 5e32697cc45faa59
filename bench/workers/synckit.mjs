// synckit runs one function per worker file; the task name is its first argument.
import { runAsWorker } from "synckit";
import * as tasks from "./tasks.mjs";

runAsWorker(async (name, arg) => tasks[name](arg));
