// One scenario in a fresh process (run.mjs starts it with --expose-gc):
//   node --expose-gc bench/scenario.mjs <name> <quick: 0|1>
// Prints "@@RESULT <json>" on stdout, then exits without waiting for pools to wind down.
const [name, quick] = process.argv.slice(2);
const scenario = await import(`./scenarios/${name}.mjs`);
const params = quick === "1" ? scenario.quick : scenario.full;
try {
  const result = await scenario.run(params);
  process.stdout.write(`@@RESULT ${JSON.stringify({ params, ...result })}\n`);
  process.exit(0);
} catch (e) {
  console.error(e);
  process.exit(1);
}
