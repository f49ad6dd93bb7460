// Reference values for every indicator of docs/contract/indicators.md, from TA-Lib's own C code (npm talib.js, TA-Lib compiled to
// WebAssembly) where TA-Lib has the indicator, and from plain formulas written here where it does not.
//
// The TA_* functions are called directly through the Emscripten module: talib.js's JS wrapper passes endIdx one past
// the end and drops outBegIdx, so its outputs are misplaced. Here every output is placed at outBegIdx + k.
//
// Usage (see README.md): node make-reference.js ttrc.csv ../src/test/resources/indicators-reference.csv
'use strict';
const fs = require('fs');
const path = require('path');

const [input, output] = process.argv.slice(2);
if (!input || !output) {
  console.error('usage: node make-reference.js <ohlcv.csv> <reference.csv>');
  process.exit(2);
}

function loadTalib() {
  const talibPath = require.resolve('talib.js');
  const talib = require(talibPath);
  const wasm = path.join(path.dirname(talibPath), 'talib.wasm');
  // Node >= 18 has fetch(), which cannot read a plain path: hide it so Emscripten reads the file with fs.
  delete globalThis.fetch;
  return talib.init(wasm);
}

function readOhlcv(file) {
  const lines = fs.readFileSync(file, 'utf8').trim().split(/\r?\n/);
  const header = lines[0].split(',');
  const col = (name) => header.indexOf(name);
  const rows = lines.slice(1).map((l) => l.split(','));
  const num = (name) => rows.map((r) => Number(r[col(name)]));
  return { date: rows.map((r) => r[col('date')]), open: num('open'), high: num('high'), low: num('low'),
    close: num('close'), volume: num('volume') };
}

// Calls TA_<name>(startIdx=0, endIdx=n-1, inputs..., options..., &outBegIdx, &outNbElement, outputs...) and returns
// full-length arrays with null before the first defined row.
function ta(M, name, inputs, options, nOutputs) {
  const n = inputs[0].length;
  const allocs = [];
  const alloc = (bytes) => { const p = M._malloc(bytes); allocs.push(p); return p; };
  const args = [0, n - 1];
  for (const arr of inputs) {
    const p = alloc(8 * n);
    M.HEAPF64.set(Float64Array.from(arr), p / 8);
    args.push(p);
  }
  args.push(...options);
  const begPtr = alloc(4);
  const nbPtr = alloc(4);
  args.push(begPtr, nbPtr);
  const outPtrs = [];
  for (let k = 0; k < nOutputs; k++) {
    const p = alloc(8 * n);
    outPtrs.push(p);
    args.push(p);
  }
  const rc = M.ccall('TA_' + name, 'number', args.map(() => 'number'), args);
  if (rc !== 0) throw new Error(`TA_${name} returned ${rc}`);
  const beg = M.HEAP32[begPtr / 4];
  const nb = M.HEAP32[nbPtr / 4];
  const outs = outPtrs.map((p) => {
    const full = new Array(n).fill(null);
    const data = M.HEAPF64.subarray(p / 8, p / 8 + nb);
    for (let k = 0; k < nb; k++) full[beg + k] = data[k];
    return full;
  });
  allocs.forEach((p) => M._free(p));
  return outs;
}

const SMA = 0; // TA_MAType_SMA

// Straightforward formulas for what TA-Lib lacks; written from docs/contract/indicators.md, not from the Java code.
function rollingVwap(d, period) {
  return d.close.map((_, t) => {
    if (t < period - 1) return null;
    let pv = 0, v = 0;
    for (let i = t - period + 1; i <= t; i++) {
      const tp = (d.high[i] + d.low[i] + d.close[i]) / 3;
      pv += tp * d.volume[i];
      v += d.volume[i];
    }
    return pv / v;
  });
}

function logReturnStats(d, n) {
  const r = d.close.map((c, t) => (t === 0 ? null : Math.log(c / d.close[t - 1])));
  const vol = [], skew = [], kurt = [];
  for (let t = 0; t < r.length; t++) {
    if (t < n) { vol.push(null); skew.push(null); kurt.push(null); continue; }
    const w = r.slice(t - n + 1, t + 1);
    const m = w.reduce((a, b) => a + b, 0) / n;
    const s2 = w.reduce((a, x) => a + (x - m) ** 2, 0) / (n - 1);
    const s = Math.sqrt(s2);
    vol.push(s);
    if (s2 === 0) { skew.push(0); kurt.push(0); continue; }
    const z3 = w.reduce((a, x) => a + ((x - m) / s) ** 3, 0);
    const z4 = w.reduce((a, x) => a + ((x - m) / s) ** 4, 0);
    skew.push(n / ((n - 1) * (n - 2)) * z3);
    kurt.push(n * (n + 1) / ((n - 1) * (n - 2) * (n - 3)) * z4 - 3 * (n - 1) ** 2 / ((n - 2) * (n - 3)));
  }
  return { vol, skew, kurt };
}

loadTalib().then((M) => {
  const d = readOhlcv(input);
  const { high: H, low: L, close: C, volume: V } = d;
  const cols = {};
  [cols.sma_20] = ta(M, 'SMA', [C], [20], 1);
  [cols.ema_20] = ta(M, 'EMA', [C], [20], 1);
  [cols.rsi_14] = ta(M, 'RSI', [C], [14], 1);
  [cols.macd_12_26_9, cols.macd_signal_12_26_9, cols.macd_hist_12_26_9] = ta(M, 'MACD', [C], [12, 26, 9], 3);
  [cols.bb_upper_20_2, cols.bb_middle_20_2, cols.bb_lower_20_2] = ta(M, 'BBANDS', [C], [20, 2, 2, SMA], 3);
  [cols.atr_14] = ta(M, 'ATR', [H, L, C], [14], 1);
  [cols.stoch_k_14] = ta(M, 'STOCHF', [H, L, C], [14, 1, SMA], 2);          // FastK alone starts at row 13
  [, cols.stoch_d_14_3] = ta(M, 'STOCHF', [H, L, C], [14, 3, SMA], 2);      // FastD = SMA3 of raw %K
  cols.vwap_20 = rollingVwap(d, 20);
  cols.ret_1 = ta(M, 'ROCR', [C], [1], 1)[0].map((x) => (x === null ? null : x - 1));
  const stats = logReturnStats(d, 20);
  cols.vol_20 = stats.vol;
  [cols.mom_10] = ta(M, 'MOM', [C], [10], 1);
  cols.skew_20 = stats.skew;
  cols.kurt_20 = stats.kurt;
  [cols.willr_14] = ta(M, 'WILLR', [H, L, C], [14], 1);
  [cols.cci_20] = ta(M, 'CCI', [H, L, C], [20], 1);
  [cols.obv] = ta(M, 'OBV', [C, V], [], 1);
  const [hh50] = ta(M, 'MAX', [H], [50], 1);
  const [ll50] = ta(M, 'MIN', [L], [50], 1);
  for (const [name, x] of [['fib_236_50', 0.236], ['fib_382_50', 0.382], ['fib_500_50', 0.5], ['fib_618_50', 0.618]]) {
    cols[name] = hh50.map((hh, t) => (hh === null ? null : hh - x * (hh - ll50[t])));
  }

  const names = ['sma_20', 'ema_20', 'rsi_14', 'macd_12_26_9', 'macd_signal_12_26_9', 'macd_hist_12_26_9',
    'bb_middle_20_2', 'bb_upper_20_2', 'bb_lower_20_2', 'atr_14', 'stoch_k_14', 'stoch_d_14_3', 'vwap_20', 'ret_1',
    'vol_20', 'mom_10', 'skew_20', 'kurt_20', 'willr_14', 'cci_20', 'obv',
    'fib_236_50', 'fib_382_50', 'fib_500_50', 'fib_618_50'];
  const lines = [['date', 'open', 'high', 'low', 'close', 'volume', ...names].join(',')];
  for (let t = 0; t < C.length; t++) {
    // JS prints the shortest decimal that parses back to the same double: the CSV is exact.
    const cells = names.map((nm) => (cols[nm][t] === null ? '' : String(cols[nm][t])));
    lines.push([d.date[t], d.open[t], H[t], L[t], C[t], V[t], ...cells].join(','));
  }
  fs.writeFileSync(output, lines.join('\n') + '\n');
  const first = names.map((nm) => `${nm}@${cols[nm].findIndex((x) => x !== null)}`).join(' ');
  console.log(`${output}: ${C.length} rows; first rows: ${first}`);
});
