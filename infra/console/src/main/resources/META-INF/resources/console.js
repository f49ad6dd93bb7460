// The marketfn console page. Every value from the platform is shown with textContent (never innerHTML), so HTML in a
// symbol, a rationale or a detail is displayed as text. State for tests and tooling: window.marketfnConsole.
(function () {
  'use strict';
  const LC = window.LightweightCharts;
  const params = new URLSearchParams(location.search);
  const INTERVALS = ['1s', '1m', '5m', '1h', '1d'];
  // Indicator groups by name: price-pane overlays and lower panes (docs/contract/indicators.md names).
  const PRICE = {
    sma_20: ['sma_20'], ema_20: ['ema_20'], vwap_20: ['vwap_20'],
    bb: ['bb_upper_20_2', 'bb_middle_20_2', 'bb_lower_20_2'],
    fib: ['fib_236_50', 'fib_382_50', 'fib_500_50', 'fib_618_50'],
  };
  const LOWER = {
    rsi_14: ['rsi_14'], macd: ['macd_12_26_9', 'macd_signal_12_26_9', 'macd_hist_12_26_9'],
    stoch: ['stoch_k_14', 'stoch_d_14_3'], atr_14: ['atr_14'], cci_20: ['cci_20'], willr_14: ['willr_14'],
    obv: ['obv'], mom_10: ['mom_10'],
  };
  const COLORS = ['#2962ff', '#ff6d00', '#7b1fa2', '#00897b', '#c2185b', '#5d4037'];
  const FEED_ROWS = 500;

  const state = {
    symbol: null, interval: params.get('interval') || '1m', provider: params.get('provider') || '',
    mode: params.get('mode') || 'split', symbols: [], bars: new Map(), signals: new Map(), actions: [],
    overlays: {}, markers: 0, candles: 0, live: 0, ready: false,
  };
  window.marketfnConsole = state;

  const $ = (id) => document.getElementById(id);
  const el = (tag, text, cls) => {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  };
  const seconds = (iso) => Math.floor(Date.parse(iso) / 1000);
  const num = (v, d) => (v === null || v === undefined ? '' : Number(v).toFixed(d));
  async function get(path) {
    const r = await fetch(path, {headers: {accept: 'application/json'}});
    if (!r.ok) throw new Error(path + ': ' + r.status);
    return r.json();
  }

  // ---------------------------------------------------------------- tabs
  document.querySelectorAll('#tabs button').forEach((b) => b.addEventListener('click', () => showView(b.dataset.view)));
  function showView(name) {
    document.querySelectorAll('#tabs button').forEach((b) => b.classList.toggle('active', b.dataset.view === name));
    document.querySelectorAll('.view').forEach((v) => v.classList.toggle('active', v.id === 'view-' + name));
    if (name === 'chart' && priceChart) priceChart.timeScale().fitContent();
  }
  if (params.get('view')) showView(params.get('view'));

  // ---------------------------------------------------------------- chart
  const chartOptions = (height) => ({
    height, layout: {background: {color: '#ffffff'}, textColor: '#1d2330'},
    grid: {vertLines: {color: '#f0f2f6'}, horzLines: {color: '#f0f2f6'}},
    timeScale: {timeVisible: true, secondsVisible: true}, rightPriceScale: {minimumWidth: 80},
  });
  let priceChart = null, candles = null, volume = null, lowerCharts = [];

  function buildCharts() {
    if (priceChart) priceChart.remove();
    lowerCharts.forEach((c) => c.chart.remove());
    lowerCharts = [];
    $('lower-panes').replaceChildren();
    state.overlays = {};
    priceChart = LC.createChart($('price-pane'), chartOptions(420));
    candles = priceChart.addCandlestickSeries({upColor: '#26a69a', downColor: '#ef5350', borderVisible: false,
      wickUpColor: '#26a69a', wickDownColor: '#ef5350'});
    volume = priceChart.addHistogramSeries({priceFormat: {type: 'volume'}, priceScaleId: 'volume',
      lastValueVisible: false, priceLineVisible: false});
    priceChart.priceScale('volume').applyOptions({scaleMargins: {top: 0.8, bottom: 0}});
    const chosen = $('indicators').value.split(',').map((s) => s.trim()).filter(Boolean);
    let color = 0;
    for (const name of chosen) {
      const group = PRICE[name] || (/^(sma_|ema_|vwap_|bb_|fib_)/.test(name) ? [name] : null);
      if (group) {
        for (const n of group) {
          state.overlays[n] = {series: priceChart.addLineSeries({color: COLORS[color++ % COLORS.length], lineWidth: 1,
            priceLineVisible: false, lastValueVisible: false, title: n}), points: 0};
        }
      } else {
        const names = LOWER[name] || [name];
        const box = el('div'); box.append(el('p', names.join(' · '), 'pane-title'));
        const pane = el('div', null, 'pane lower'); box.append(pane); $('lower-panes').append(box);
        const chart = LC.createChart(pane, chartOptions(150));
        lowerCharts.push({chart});
        names.forEach((n, i) => {
          const series = n.includes('hist') ? chart.addHistogramSeries({color: '#90a4ae', priceLineVisible: false})
            : chart.addLineSeries({color: COLORS[i % COLORS.length], lineWidth: 1, priceLineVisible: false, title: n});
          state.overlays[n] = {series, points: 0};
        });
      }
    }
    // one time axis: the lower panes follow the price pane's scrolling and zoom
    priceChart.timeScale().subscribeVisibleLogicalRangeChange((range) => {
      if (range) lowerCharts.forEach((c) => c.chart.timeScale().setVisibleLogicalRange(range));
    });
    priceChart.subscribeCrosshairMove(showTooltip);
  }

  function barPoint(b) {
    const t = seconds(b.ts);
    return {time: t, open: Number(b.open), high: Number(b.high), low: Number(b.low), close: Number(b.close),
      volume: Number(b.volume), revised: !!b.revised};
  }

  function drawBars() {
    const rows = [...state.bars.values()].sort((a, b) => a.time - b.time);
    candles.setData(rows.map((b) => b.revised
      ? {time: b.time, open: b.open, high: b.high, low: b.low, close: b.close, color: '#ff9800', wickColor: '#ff9800'}
      : {time: b.time, open: b.open, high: b.high, low: b.low, close: b.close}));
    volume.setData(rows.map((b) => ({time: b.time, value: b.volume,
      color: b.close >= b.open ? 'rgba(38,166,154,0.4)' : 'rgba(239,83,80,0.4)'})));
    state.candles = rows.length;
  }

  function addIndicators(time, values) {
    for (const [name, o] of Object.entries(state.overlays)) {
      const v = values ? values[name] : null;
      if (v === null || v === undefined) continue;
      o.data = o.data || new Map();
      o.data.set(time, Number(v));
    }
  }

  // Every series holds every bar time (whitespace where an indicator is still warming up), so the lower panes'
  // logical ranges line up with the price pane's and their time axes follow it bar for bar.
  function drawIndicators() {
    const times = [...state.bars.keys()].sort((a, b) => a - b);
    for (const o of Object.values(state.overlays)) {
      const values = o.data || new Map();
      o.series.setData(times.map((time) => (values.has(time) ? {time, value: values.get(time)} : {time})));
      o.points = times.filter((t) => values.has(t)).length;
    }
  }

  function drawMarkers() {
    const times = [...state.bars.keys()].sort((a, b) => a - b);
    const markers = [];
    for (const s of state.signals.values()) {
      if (s.interval !== state.interval || !state.bars.has(seconds(s.ts))) continue;
      if (s.action === 'BUY') markers.push({time: seconds(s.ts), position: 'belowBar', color: '#168a3a', shape: 'arrowUp', text: 'BUY ' + num(s.confidence, 2)});
      if (s.action === 'SELL') markers.push({time: seconds(s.ts), position: 'aboveBar', color: '#c62828', shape: 'arrowDown', text: 'SELL ' + num(s.confidence, 2)});
    }
    for (const a of state.actions) {
      const ex = seconds(a.ex_date + 'T00:00:00Z');
      const t = times.find((x) => x >= ex);
      if (t !== undefined) markers.push({time: t, position: 'aboveBar', color: '#455a64', shape: 'square', text: actionText(a)});
    }
    markers.sort((a, b) => a.time - b.time);
    candles.setMarkers(markers);
    state.markers = markers.length;
  }

  function actionText(a) {
    if (a.type === 'split' || a.type === 'reverse_split' || a.type === 'stock_dividend') return a.type + ' ' + a.ratio;
    if (a.type === 'cash_dividend') return 'dividend ' + a.amount;
    if (a.type === 'symbol_change') return '→ ' + a.new_symbol;
    return a.type;
  }

  function showTooltip(p) {
    const tip = $('tooltip');
    if (!p || !p.time || !p.point) { tip.hidden = true; return; }
    const lines = [];
    for (const s of state.signals.values()) {
      if (s.interval === state.interval && seconds(s.ts) === p.time && (s.action === 'BUY' || s.action === 'SELL')) {
        lines.push(s.action + '  confidence ' + num(s.confidence, 2) + '  score ' + num(s.score, 2) + '  (' + s.provider + ')');
        for (const r of s.rationale || []) lines.push('  ' + r.rule + ': ' + r.condition + '  vote ' + r.vote + ' × ' + r.weight);
      }
    }
    const bar = state.bars.get(p.time);
    if (bar && bar.revised) lines.push('bar revised by late trades');
    for (const a of state.actions) if (seconds(a.ex_date + 'T00:00:00Z') <= p.time && p.time < seconds(a.ex_date + 'T00:00:00Z') + 86400) lines.push('corporate action ' + a.action_id + ': ' + actionText(a) + ' ex ' + a.ex_date);
    if (!lines.length) { tip.hidden = true; return; }
    tip.textContent = lines.join('\n');
    const box = $('price-pane').getBoundingClientRect();
    tip.style.left = (box.left + p.point.x + 16) + 'px';
    tip.style.top = (box.top + p.point.y + 16) + 'px';
    tip.hidden = false;
  }

  async function loadChart() {
    state.ready = false;
    buildCharts();
    state.bars = new Map();
    const sym = encodeURIComponent(state.symbol);
    const q = 'symbol=' + sym + '&interval=' + state.interval + (state.provider ? '&provider=' + encodeURIComponent(state.provider) : '');
    const [bars, inds, sigs, acts] = await Promise.all([
      get('api/bars?' + q + '&mode=' + state.mode), get('api/indicators?' + q), get('api/signals?' + q + '&limit=2000'),
      get('api/actions?symbol=' + sym)]);
    bars.forEach((b) => { const p = barPoint(b); state.bars.set(p.time, p); });
    inds.forEach((r) => addIndicators(seconds(r.ts), r.values));
    state.signals = new Map(sigs.map((s) => [s.signal_id, s]));
    state.actions = acts;
    drawBars(); drawIndicators(); drawMarkers();
    priceChart.timeScale().fitContent();
    state.ready = true;
  }

  function fillSelect(select, values, chosen) {
    select.replaceChildren(...values.map((v) => { const o = el('option', v); o.value = v; return o; }));
    if (chosen !== undefined && values.includes(chosen)) select.value = chosen;
  }

  function symbolInfo() { return state.symbols.find((s) => s.symbol === state.symbol); }

  async function loadSymbols() {
    state.symbols = await get('api/symbols');
    const names = state.symbols.map((s) => s.symbol);
    state.symbol = names.includes(params.get('symbol')) ? params.get('symbol') : names[0];
    fillSelect($('symbol'), names, state.symbol);
    refreshChoices();
  }

  function refreshChoices() {
    const info = symbolInfo();
    const intervals = info ? info.intervals : INTERVALS;
    if (!intervals.includes(state.interval)) state.interval = intervals[0];
    fillSelect($('interval'), intervals, state.interval);
    const providers = info ? info.providers : [];
    if (!providers.includes(state.provider)) state.provider = providers[0] || '';
    fillSelect($('provider'), providers, state.provider);
  }

  $('indicators').value = params.get('indicators') || 'sma_20,bb,rsi_14,macd';
  $('mode').value = state.mode;
  $('symbol').addEventListener('change', (e) => { state.symbol = e.target.value; refreshChoices(); loadChart(); });
  $('interval').addEventListener('change', (e) => { state.interval = e.target.value; loadChart(); });
  $('provider').addEventListener('change', (e) => { state.provider = e.target.value; loadChart(); });
  $('mode').addEventListener('change', (e) => { state.mode = e.target.value; loadChart(); });
  $('indicators').addEventListener('change', () => loadChart());

  // ---------------------------------------------------------------- feeds
  function prepend(tbody, row) {
    row.classList.add('new');
    tbody.prepend(row);
    setTimeout(() => row.classList.remove('new'), 1500);
    while (tbody.rows.length > FEED_ROWS) tbody.deleteRow(tbody.rows.length - 1);
  }
  const cells = (values) => { const tr = el('tr'); values.forEach(([v, cls]) => tr.append(el('td', v, cls))); return tr; };

  function signalShown(s) {
    const sym = $('sig-symbol').value.trim().toUpperCase(), act = $('sig-action').value, prov = $('sig-provider').value.trim();
    return (!sym || s.symbol === sym) && (!act || s.action === act) && (!prov || s.provider === prov);
  }
  function signalRow(s) {
    const tr = cells([[s.ts], [s.symbol], [s.interval], [s.action, s.action], [num(s.confidence, 2)], [num(s.score, 2)],
      [s.provider], [(s.rationale || []).map((r) => r.rule + ' (' + r.condition + ')').join('; ')]]);
    tr.dataset.signalId = s.signal_id;
    return tr;
  }
  async function loadSignals() {
    const q = new URLSearchParams({limit: '200'});
    if ($('sig-symbol').value.trim()) q.set('symbol', $('sig-symbol').value.trim().toUpperCase());
    if ($('sig-action').value) q.set('action', $('sig-action').value);
    if ($('sig-provider').value.trim()) q.set('provider', $('sig-provider').value.trim());
    const rows = await get('api/signals?' + q);
    $('signals-table').tBodies[0].replaceChildren(...rows.map(signalRow));
  }
  ['sig-symbol', 'sig-action', 'sig-provider'].forEach((id) => $(id).addEventListener('change', loadSignals));

  const alertRow = (a) => cells([[a.ts], [a.alert_type], [a.severity, a.severity], [a.symbol], [a.provider], [a.detail]]);
  function alertShown(a) {
    const t = $('alert-type').value.trim().toUpperCase(), s = $('alert-severity').value;
    return (!t || a.alert_type === t) && (!s || a.severity === s);
  }
  async function loadAlerts() {
    const q = new URLSearchParams({limit: '200'});
    if ($('alert-type').value.trim()) q.set('type', $('alert-type').value.trim().toUpperCase());
    if ($('alert-severity').value) q.set('severity', $('alert-severity').value);
    const rows = await get('api/alerts?' + q);
    $('alerts-table').tBodies[0].replaceChildren(...rows.map(alertRow));
  }
  ['alert-type', 'alert-severity'].forEach((id) => $(id).addEventListener('change', loadAlerts));

  const rejectedRow = (r) => cells([[r.created_at || ''], [r.function], [r.reason], [r.field], [r.detail], [r.input_type], [r.input_id]]);
  async function loadRejected() {
    const rows = await get('api/rejected?limit=200');
    $('rejected-table').tBodies[0].replaceChildren(...rows.map(rejectedRow));
  }

  async function loadPipeline() {
    try {
      const rows = await get('api/pipeline');
      $('pipeline-table').tBodies[0].replaceChildren(...rows.map((p) => cells([[p.function], [num(p.events_per_second, 1)],
        [p.events], [p.lag_ms === null ? '' : num(p.lag_ms, 0)], [p.store_write_mean_ms === null ? '' : num(p.store_write_mean_ms, 2)],
        [p.store_writes], [p.up ? p.errors : 'unreachable']])));
    } catch (e) { /* the next read tries again */ }
  }

  // ---------------------------------------------------------------- live
  function onBar(m) {
    if (m.symbol !== state.symbol || m.interval !== state.interval || (state.provider && m.provider !== state.provider) || !candles) return;
    const p = barPoint({ts: m.ts, open: m.bar.open, high: m.bar.high, low: m.bar.low, close: m.bar.close, volume: m.bar.volume});
    const known = state.bars.get(p.time);
    if (known) p.revised = true; // a bar emitted again: a late trade revised it
    state.bars.set(p.time, p);
    addIndicators(p.time, m.indicators);
    drawBars(); drawIndicators(); drawMarkers();
  }
  function onSignal(m) {
    if (signalShown(m)) prepend($('signals-table').tBodies[0], signalRow(m));
    if (m.symbol === state.symbol) { state.signals.set(m.signal_id, m); if (candles) drawMarkers(); }
  }
  function connect() {
    const es = new EventSource('api/live');
    es.onopen = () => { $('live-status').textContent = 'live'; $('live-status').classList.remove('down'); };
    es.onerror = () => { $('live-status').textContent = 'reconnecting…'; $('live-status').classList.add('down'); };
    const on = (kind, f) => es.addEventListener(kind, (e) => { state.live++; f(JSON.parse(e.data)); });
    on('bar', onBar);
    on('signal', onSignal);
    on('alert', (a) => { if (alertShown(a)) prepend($('alerts-table').tBodies[0], alertRow(a)); });
    on('rejected', (r) => prepend($('rejected-table').tBodies[0], rejectedRow(r)));
  }

  (async function start() {
    connect();
    await Promise.all([loadSignals(), loadAlerts(), loadRejected(), loadPipeline()]);
    setInterval(loadPipeline, 5000);
    await loadSymbols();
    if (state.symbol) await loadChart(); else state.ready = true;
  })().catch((e) => { $('live-status').textContent = 'error: ' + e.message; });
})();
