// The entry configures fake-big, which quotient uses, in three ways no worker runs: Object.assign
// onto the export, and two functions of the app handed the export, one assigning through its
// parameter, one calling the package's method on it (inline "0.67 4", on a worker
// "0.66666666666666662966 NaN"). Refused (TS77014) at each.
import { Big } from "fake-big";
import { precise, registerAll } from "./numbers.js";
import { quotient } from "./quotient.js";

Object.assign(Big, { DP: 2 });
precise(Big, 2);
registerAll(Big);

console.log(await quotient(2, 3));
