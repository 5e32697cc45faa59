import { makeAsync } from "tamed";
import { issueText } from "./config.js";

export const summarize = makeAsync((issues: string[]): string => issueText(issues.length));
