// Squiggle 0.10 on the model of perfcase's Monte Carlo benchmark
// (samples/uncertain-rewrite.ron): four spans, the language, the bill and
// the one-time cost as 90 % log-normal ranges (Squiggle's `a to b` is the
// same distribution), the reduction derived from the budget
// (reduction_from: Language), 36 months, no build, no discounting.
//
// "full" (the default) summarises each output as perfcase does (mean, sd,
// P5, P10, P50, P90, P95, min, max) and counts two probabilities: 12
// outputs, where perfcase records 24, 3 probabilities, the tornado and the
// value of information, so the comparison favours Squiggle. "lean" asks
// for the model and one output's mean and median: Squiggle's floor.
//
// Run: npm ci && node model.mjs [samples] [runs] [full|lean]
import { run, defaultEnvironment } from "@quri/squiggle-lang";

const samples = Number(process.argv[2] ?? 100000);
const runs = Number(process.argv[3] ?? 7);
const mode = process.argv[4] ?? "full";

const model = `
db = 40 to 90
net = 10 to 30
own = 30 to 120
serde = 5 to 25
s = 3 to 12
monthlyCost = 2000 to 15000
oneTime = 150000 to 600000
total = db + net + own + serde
afterLanguage = db + net + own / s + serde
reduction = 1 - afterLanguage / total
saving = monthlyCost * reduction
paybackMonths = oneTime / saving
`;

const full = `
speedup = total / afterLanguage
ownFraction = own / total
ceiling = 1 / (1 - ownFraction)
annualSaving = 12 * saving
npv = 36 * saving - oneTime
roi = npv / oneTime
killReduction = oneTime / (12 * monthlyCost)
summary(x) = {
  mean: mean(x),
  sd: stdev(x),
  p5: quantile(x, 0.05),
  p10: quantile(x, 0.10),
  p50: quantile(x, 0.50),
  p90: quantile(x, 0.90),
  p95: quantile(x, 0.95),
  min: quantile(x, 0),
  max: quantile(x, 1),
}
{
  total: summary(total),
  afterLanguage: summary(afterLanguage),
  speedup: summary(speedup),
  ownFraction: summary(ownFraction),
  ceiling: summary(ceiling),
  reduction: summary(reduction),
  saving: summary(saving),
  paybackMonths: summary(paybackMonths),
  annualSaving: summary(annualSaving),
  npv: summary(npv),
  roi: summary(roi),
  killReduction: summary(killReduction),
  paysBackIn12: cdf(paybackMonths, 12),
  npvPositive: 1 - cdf(npv, 0),
}
`;

const lean = `
{ paybackMonths: { mean: mean(paybackMonths), p50: quantile(paybackMonths, 0.5) } }
`;

const code = model + (mode === "lean" ? lean : full);
const environment = { ...defaultEnvironment, sampleCount: samples };
const times = [];
let end;
for (let i = 0; i < runs + 1; i++) {
  const start = performance.now();
  const output = await run(code, { environment });
  const ms = performance.now() - start;
  end = output.getEndResult();
  if (!end.ok) {
    console.error(end.value.toString());
    process.exit(1);
  }
  if (i > 0) times.push(ms); // the first run warms up the JIT
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
console.log(
  `squiggle 0.10.0 ${mode}, ${samples} samples: min ${times[0].toFixed(1)} ms, ` +
    `median ${median.toFixed(1)} ms over ${runs} runs (node ${process.version})`,
);
const p50 = end.value.value.get("paybackMonths").value.get("p50").value;
console.log(`  median simple payback ${p50.toFixed(1)} months (perfcase: 173)`);
