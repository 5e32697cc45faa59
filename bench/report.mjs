// From the scenarios' raw repetitions to markdown tables, the targets table and the SVG chart.
// Every ratio is a median of per-repetition ratios (each taken within one repetition), not a
// ratio of medians: that is what cancels the machine's drift.
import { sizeName } from "./measure.mjs";

export const PEERS = ["tinypool", "piscina", "piscina:ctpw500", "piscina:ctpw50", "workerpool", "synckit"];

const sorted = (xs) => [...xs].sort((a, b) => a - b);
export function stats(xs) {
  const s = sorted(xs);
  const mid = s.length >> 1;
  return { median: s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2, min: s[0], max: s[s.length - 1] };
}

function num(v) {
  if (!Number.isFinite(v)) return String(v);
  const digits = Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : 2;
  return v.toLocaleString("en", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}
const x = (v) => `${num(v)}x`;
const pct = (v) => `${num(v)}%`;
const medianOf = (xs, f = num) => f(stats(xs).median);
const withRange = (xs, f = num) => {
  const s = stats(xs);
  return `${f(s.median)} (${num(s.min)}–${num(s.max)})`;
};
const rangeOf = (xs, f = num) => {
  const s = stats(xs);
  return `${f(s.min)}–${f(s.max)}`;
};

function table(head, rows) {
  return [
    `| ${head.join(" | ")} |`,
    `| ${head.map(() => "---").join(" | ")} |`,
    ...rows.map((r) => `| ${r.join(" | ")} |`),
  ].join("\n");
}

/** Per-repetition values of one contender, and their ratios to the floor's in the same repetition. */
const series = (reps, key, pick = (v) => v) => reps.map((rep) => pick(rep[key]));
const ratios = (reps, key, floor, pick = (v) => v) => reps.map((rep) => pick(rep[key]) / pick(rep[floor]));

/** The first cells of a contender's row: its key, its median and range, and its ratio to the floor (median, range). */
const ratioCells = (r, key, pick = (v) => v) => [
  `\`${key}\``,
  medianOf(series(r.reps, key, pick)),
  rangeOf(series(r.reps, key, pick)),
  key === r.floor ? "1 (floor)" : withRange(ratios(r.reps, key, r.floor, pick), x),
];

/** The peer with the lowest median cost ratio, for the chart. */
function bestPeer(items, ratioOf) {
  const peers = items
    .filter((it) => PEERS.includes(it.key))
    .map((it) => ({ name: it.key, ratio: stats(ratioOf(it.key)).median }));
  return peers.sort((a, b) => a.ratio - b.ratio)[0];
}

function latencyLike(r, { unit, floorName, intro }) {
  const us = (v) => v.us;
  const rows = r.items.map((it) => [
    `\`${it.key}\``,
    medianOf(series(r.reps, it.key, us)),
    rangeOf(series(r.reps, it.key, us)),
    it.key === r.floor ? "1 (floor)" : withRange(ratios(r.reps, it.key, r.floor, us), x),
    medianOf(series(r.reps, it.key, (v) => v.cpuUs)),
    it.label,
  ]);
  const md = `${intro}\n\n${table(["contender", `${unit} median`, "min–max", `× ${floorName} (median, min–max)`, `CPU ${unit} (median, all threads)`, "what"], rows)}`;
  const ratioOf = (key) => ratios(r.reps, key, r.floor, us);
  return { md, ratioOf };
}

/**
 * The result of a scenario where tamed's figure is a ratio to the floor and lower is
 * better: its chart bars (tamed and the best peer) and, when given, its "at most" target.
 */
function lowerIsBetter(md, r, ratioOf, group, target) {
  const tamed = stats(ratioOf("tamed")).median;
  return {
    md,
    chart: [{ group, bars: [{ name: "tamed", ratio: tamed }, bestPeer(r.items, ratioOf)] }],
    targets: target === undefined ? [] : [{ target: target.text, measured: x(tamed), met: tamed <= target.atMost }],
  };
}

const render = {
  roundtrip(r) {
    const p = r.params;
    const { md, ratioOf } = latencyLike(r, {
      unit: "µs/task",
      floorName: "raw echo",
      intro: `${p.reps} reps × ${p.tasks.toLocaleString("en")} tasks per contender after ${p.warmup.toLocaleString("en")} warm-up, interleaved in chunks of ${p.chunk.toLocaleString("en")} (rotating order). Lower is better.`,
    });
    return lowerIsBetter(md, r, ratioOf, "1 round trip", { text: "round trip ≤ 1.3x raw echo floor", atMost: 1.3 });
  },

  "sync-call"(r) {
    const p = r.params;
    const { md, ratioOf } = latencyLike(r, {
      unit: "µs/call",
      floorName: "raw sync-atomics",
      intro: `${p.reps} reps × ${p.calls.toLocaleString("en")} calls per contender after ${p.warmup.toLocaleString("en")} warm-up, interleaved in chunks of ${p.chunk.toLocaleString("en")}. The caller blocks for each result. Lower is better.`,
    });
    return lowerIsBetter(md, r, ratioOf, "3 sync call", { text: "sync wait ≤ 1.5x raw sync floor", atMost: 1.5 });
  },

  throughput(r) {
    const p = r.params;
    const rows = r.items.map((it) => [
      `\`${it.key}\``,
      medianOf(series(r.reps, it.key, (v) => v.perSec)),
      rangeOf(series(r.reps, it.key, (v) => v.perSec)),
      withRange(
        series(r.reps, it.key, (v) => v.pct),
        pct,
      ),
      medianOf(series(r.reps, it.key, (v) => v.floorPerSec)),
      medianOf(series(r.reps, it.key, (v) => v.submitMs)),
      it.label,
    ]);
    const md = [
      `${p.tasks.toLocaleString("en")} tasks \`inc(i)\` submitted in one synchronous loop, then awaited together; ${p.reps} reps, each burst paired with an adjacent burst of the floor (${r.floorLabel}). Higher is better.`,
      table(
        [
          "contender",
          "tasks/s median",
          "min–max",
          "% of floor (median, min–max)",
          "floor tasks/s (median)",
          "submit loop ms (median)",
          "what",
        ],
        rows,
      ),
    ].join("\n\n");
    // As a cost for the chart: floor rate / contender rate (1 = floor, lower is better).
    const ratioOf = (key) => series(r.reps, key, (v) => 100 / v.pct);
    const tamedPct = stats(series(r.reps, "tamed", (v) => v.pct)).median;
    return {
      md,
      chart: [
        {
          group: "2 throughput (floor rate ÷ rate)",
          bars: [{ name: "tamed", ratio: 100 / tamedPct }, bestPeer(r.items, ratioOf)],
        },
      ],
      targets: [
        { target: "throughput ≥ 70% of floor (default settings)", measured: pct(tamedPct), met: tamedPct >= 70 },
        ...(r.items.some((it) => it.key === "tamed:callSites-off")
          ? [
              (() => {
                const off = stats(series(r.reps, "tamed:callSites-off", (v) => v.pct)).median;
                return { target: "throughput ≥ 90% of floor (`callSites: false`)", measured: pct(off), met: off >= 90 };
              })(),
            ]
          : []),
      ],
    };
  },

  "cpu-scaling"(r) {
    const p = r.params;
    const speedups = (key) => r.reps.map((rep) => rep.main / rep[key]);
    const vsRaw = (key) => ratios(r.reps, key, "raw");
    const rows = [
      [
        "main thread, sequential",
        medianOf(series(r.reps, "main")),
        rangeOf(series(r.reps, "main")),
        "1 (baseline)",
        "—",
        `${p.count} × cpu(${r.rounds.toLocaleString("en")}) one after another`,
      ],
      ...r.items.map((it) => [
        `\`${it.key}\``,
        medianOf(series(r.reps, it.key)),
        rangeOf(series(r.reps, it.key)),
        withRange(speedups(it.key), x),
        it.key === "raw" ? "1 (floor)" : medianOf(vsRaw(it.key), x),
        it.label,
      ]),
    ];
    const md = [
      `${p.count} tasks of ~${p.taskMs} ms pure CPU (a fixed loop of ${r.rounds.toLocaleString("en")} rounds, calibrated on the main thread) on 2 threads, against the same ${p.count} run sequentially on the main thread in the same rep; ${p.reps} reps, rotating order. Speedup = sequential ÷ pool wall time; ideal on 2 cores: 2.00x.`,
      table(
        ["contender", "wall ms median", "min–max", "speedup (median, min–max)", "× raw wall (median)", "what"],
        rows,
      ),
    ].join("\n\n");
    const tamed = stats(speedups("tamed")).median;
    return {
      md,
      chart: [
        {
          group: "4 CPU scaling (wall ÷ raw wall)",
          bars: [{ name: "tamed", ratio: stats(vsRaw("tamed")).median }, bestPeer(r.items, vsRaw)],
        },
      ],
      targets: [{ target: "CPU scaling ≥ 1.9x", measured: x(tamed), met: tamed >= 1.9 }],
    };
  },

  payload(r) {
    const p = r.params;
    const rows = [];
    const chart = [];
    const targets = [];
    for (const c of r.cases) {
      const caseReps = r.reps.map((rep) => rep[c]);
      const keys = r.items.filter((it) => it.key in caseReps[0]);
      for (const it of keys) {
        rows.push([
          c,
          `\`${it.key}\``,
          medianOf(series(caseReps, it.key)),
          rangeOf(series(caseReps, it.key)),
          it.key === r.floor ? "1 (floor)" : withRange(ratios(caseReps, it.key, r.floor), x),
        ]);
      }
      const ratioOf = (key) => ratios(caseReps, key, r.floor);
      const tamed = stats(ratioOf("tamed")).median;
      chart.push({ group: `5 payload ${c}`, bars: [{ name: "tamed", ratio: tamed }, bestPeer(keys, ratioOf)] });
      // The issue's targets are for megabytes; the 8-byte case is there to compare against.
      if (c.includes("MiB") && (c.endsWith("transfer") || c === "16 MiB copy"))
        targets.push({ target: `${c} ≤ 1.2x floor`, measured: x(tamed), met: tamed <= 1.2 });
    }
    const trips = p.sizes.map(([size, k]) => `${k} trips of ${sizeName(size)}`).join(", ");
    const md = [
      `One task whose argument is a fresh, filled \`Uint8Array\`, structured-clone copied or transferred; the worker touches the first and last byte and returns a number. ms per round trip; ${p.reps} reps, each the median of ${trips} per contender, interleaved trip by trip (rotating order); each buffer is allocated and filled, and the heap collected, before its clock starts, and a transferred one is checked to be detached. Lower is better.`,
      table(["case", "contender", "ms median", "min–max", "× raw (median, min–max)"], rows),
      r.items.map((it) => `- \`${it.key}\`: ${it.label}`).join("\n"),
    ].join("\n\n");
    return { md, chart, targets };
  },

  "cold-start"(r) {
    const p = r.params;
    const first = (v) => v.firstMs;
    const rows = r.items.map((it) => [
      ...ratioCells(r, it.key, first),
      medianOf(series(r.reps, it.key, (v) => v.importMs)),
      medianOf(series(r.reps, it.key, (v) => v.sinceStartMs)),
      it.label,
    ]);
    const md = [
      `A fresh process per sample, ${p.rounds} per contender, round-robin (rotating order); each ratio against the raw Worker of the same round. "create → first result" excludes the import of the package, timed apart (for tamed: the compiled tasks module and tamed). Lower is better.`,
      table(
        [
          "contender",
          "create → first result ms median",
          "min–max",
          "× 1 raw Worker (median, min–max)",
          "import ms (median)",
          "process start → first result ms (median)",
          "what",
        ],
        rows,
      ),
    ].join("\n\n");
    const ratioOf = (key) => ratios(r.reps, key, r.floor, first);
    return lowerIsBetter(md, r, ratioOf, "6 cold start", {
      text: "cold start ≤ 1.3x one raw Worker (tamed default config)",
      atMost: 1.3,
    });
  },

  "async-io"(r) {
    const p = r.params;
    const rows = r.items.map((it) => [...ratioCells(r, it.key), it.label]);
    const md = [
      `${p.calls.toLocaleString("en")} concurrent sleeps of ${p.ms} ms, started at once and awaited together; ${p.warmup ?? 1} warm-up batch${(p.warmup ?? 1) === 1 ? "" : "es"} per contender, then ${p.reps} reps, rotating order. Wall ms per batch; lower is better. tamed lets up to \`asyncTasksPerWorker\` (default 512) async calls share a worker's event loop; more wait in its queue.`,
      table(["contender", "wall ms median", "min–max", "× main thread (median, min–max)", "what"], rows),
    ].join("\n\n");
    const ratioOf = (key) => ratios(r.reps, key, r.floor);
    return lowerIsBetter(md, r, ratioOf, "7 async I/O", {
      text: `${p.calls.toLocaleString("en")} async sleeps ≤ 1.2x the main thread`,
      atMost: 1.2,
    });
  },

  scope(r) {
    const p = r.params;
    const rows = r.items.map((it) => [...ratioCells(r, it.key), it.label]);
    const md = [
      `Batches of ${p.batch.toLocaleString("en")} \`inc(i)\` tasks, checked by their sum; ${p.reps} reps × ${p.chunks} chunks of ${p.batchesPerChunk} batches per contender, interleaved. ms per batch; lower is better.`,
      table(["contender", "ms per batch median", "min–max", "× raw (median, min–max)", "what"], rows),
    ].join("\n\n");
    const ratioOf = (key) => ratios(r.reps, key, r.floor);
    return {
      md,
      chart: [
        {
          group: `8 scope of ${p.batch.toLocaleString("en")} tasks`,
          bars: [
            { name: "tamed:scope", ratio: stats(ratioOf("tamed:scope")).median },
            { name: "tamed:awaitAll", ratio: stats(ratioOf("tamed:awaitAll")).median },
          ],
        },
      ],
      targets: ["tamed:scope", "tamed:awaitAll"].map((key) => {
        const m = stats(ratioOf(key)).median;
        return {
          target: `${key.slice(6) === "scope" ? "a scope" : "awaitAll"} of ${p.batch.toLocaleString("en")} tiny tasks ≤ 1.5x raw`,
          measured: x(m),
          met: m <= 1.5,
        };
      }),
    };
  },

  spaced(r) {
    const p = r.params;
    const us = (v) => v.us;
    const rows = r.items.map((it) => [...ratioCells(r, it.key, us), it.label]);
    const md = [
      `${(p.warmup ?? 20).toLocaleString("en")} back-to-back warm-up calls per contender, then ${p.calls} calls per contender per rep, each after ${p.idleMs} ms idle, in rotating order; ${p.reps} reps, each the median of its calls. µs from the call to its result; lower is better.`,
      table(["contender", "µs/call median", "min–max", "× raw echo (median, min–max)", "what"], rows),
      ...(r.items.some((it) => it.key === "tamed:wait")
        ? [
            `Blocking, against the blocking floor (\`raw:sync-atomics\`) of the same repetitions: ${[
              "tamed:wait",
              "synckit:blocking",
            ]
              .map((key) => `\`${key}\` ${withRange(ratios(r.reps, key, "raw:sync-atomics", us), x)}`)
              .join(", ")}.`,
          ]
        : []),
    ].join("\n\n");
    const ratioOf = (key) => ratios(r.reps, key, r.floor, us);
    return lowerIsBetter(md, r, ratioOf, "9 spaced call", {
      text: "a call after idling ≤ 1.5x raw echo floor",
      atMost: 1.5,
    });
  },

  cluster(r) {
    if (r.skipped !== undefined) return { md: `Skipped: ${r.skipped}.`, chart: [], targets: [] };
    const g = r.goals;
    return {
      md: [
        `\`bench/cluster.mjs\` (\`npm run bench:cluster\`, whose header says how it measures): round trips one call of each side in turn, bursts in rotating rounds, each round's ratio between its own bursts. ${r.note}.`,
        r.table.join("\n"),
      ].join("\n\n"),
      chart: [],
      targets: [
        { target: "cluster round trip ≤ 1.3x raw BullMQ", measured: x(g.roundTrip), met: g.roundTrip <= 1.3 },
        { target: "cluster burst ≥ 80% of raw BullMQ", measured: pct(g.burst), met: g.burst >= 80 },
      ],
    };
  },
};

/** { md, chart, targets } for one scenario's result. */
export const renderScenario = (name, result) => render[name](result);

export function targetsTable(targets) {
  return table(
    ["target", "tamed measured (median)", "met?"],
    targets.map((t) => [t.target, t.measured, t.met ? "met" : "**not met**"]),
  );
}

const esc = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/**
 * A horizontal bar chart on a log scale (ratios span 0.1x to tens of x): per scenario, tamed's
 * cost ratio to the floor next to the best peer's. 1 = the floor; lower is better.
 */
export function chartSvg(groups, title) {
  const left = 260,
    width = 520,
    barH = 14,
    gap = 4,
    groupGap = 14,
    top = 56;
  const lo = 0.1,
    hi = 100;
  const xOf = (v) =>
    left + (width * (Math.log10(Math.min(Math.max(v, lo), hi)) - Math.log10(lo))) / (Math.log10(hi) - Math.log10(lo));
  const colors = { tamed: "#2b6cb0", other: "#b7791f" };
  const parts = [];
  let y = top;
  for (const g of groups) {
    parts.push(`<text x="${left - 8}" y="${y + barH}" text-anchor="end" font-weight="bold">${esc(g.group)}</text>`);
    for (const b of g.bars.filter(Boolean)) {
      const color = b.name.startsWith("tamed") ? colors.tamed : colors.other;
      // Bars grow from the floor line: left of it is cheaper than the floor, right is dearer.
      const [a, z] = [xOf(1), xOf(b.ratio)].sort((p, q) => p - q);
      parts.push(
        `<rect x="${a}" y="${y}" width="${Math.max(1, z - a)}" height="${barH}" fill="${color}"/>`,
        `<text x="${Math.max(z, xOf(1)) + 4}" y="${y + barH - 3}">${esc(b.name)} ${num(b.ratio)}x</text>`,
      );
      y += barH + gap;
    }
    y += groupGap;
  }
  const axis = [];
  for (const t of [0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100]) {
    axis.push(
      `<line x1="${xOf(t)}" y1="${top - 6}" x2="${xOf(t)}" y2="${y}" stroke="${t === 1 ? "#c53030" : "#ddd"}" stroke-width="${t === 1 ? 1.5 : 1}"/>`,
      `<text x="${xOf(t)}" y="${y + 14}" text-anchor="middle">${t}x</text>`,
    );
  }
  const h = y + 40;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${left + width + 120}" height="${h}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="10" y="18" font-size="13" font-weight="bold">${esc(title)}</text>`,
    `<text x="10" y="36">Cost relative to the hand-written floor (1x, red line; lower is better; log scale). Blue: tamed; amber: best peer.</text>`,
    ...axis,
    ...parts,
    `</svg>`,
  ].join("\n");
}
