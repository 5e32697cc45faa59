/**
 * What no caller can receive: an error a left-behind callback threw after its call had
 * answered, or a worker that died while it ran no call. Reported as a process warning,
 * so it is printed on stderr (with the error's stack, which points at the line) and
 * seen by `process.on("warning")` listeners, instead of vanishing.
 */
export function warn(
  message: string,
  cause: unknown,
  code: "TAMED_THREW_AFTER_RETURN" | "TAMED_WORKER_DIED" | "TAMED_REDIS_UNREACHABLE" | "TAMED_BUILTIN_REPLACED",
): void {
  let detail = "";
  if (cause instanceof Error) detail = cause.stack ?? `${cause.name}: ${cause.message}`;
  else if (cause !== undefined) detail = typeof cause === "string" ? cause : (JSON.stringify(cause) ?? "");
  process.emitWarning(detail === "" ? message : `${message}:\n${detail}`, { type: "TamedWarning", code });
}
