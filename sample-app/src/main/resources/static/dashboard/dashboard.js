/*
 * Live dashboard of the mysql-pool starter. Polls /actuator/mysqlpool/history (only the
 * samples newer than those it has) and /actuator/mysqlpool/alerts once per sample interval,
 * and draws them with Chart.js. Query parameters: minutes (time window, default 10) and
 * actuator (base path of the endpoint, default /actuator/mysqlpool).
 */
(() => {
	'use strict';

	const params = new URLSearchParams(window.location.search);
	const windowMinutes = Math.max(1, Number(params.get('minutes')) || 10);
	const windowMillis = windowMinutes * 60_000;
	const endpoint = params.get('actuator') || '/actuator/mysqlpool';
	const palette = ['#2563eb', '#16a34a', '#d97706', '#9333ea', '#0891b2', '#db2777', '#65a30d', '#7c3aed'];
	const severityColors = { WARNING: '#d97706', CRITICAL: '#dc2626' };

	// Everything the page knows, exposed for the browser test and for curious operators
	const state = {
		pools: new Map(),
		events: [],
		alerts: { active: [], resolved: [] },
		charts: {},
		sampleIntervalSeconds: null,
		refreshes: 0,
		errors: 0,
		lastError: null,
		lastUpdate: null,
	};
	window.mysqlPoolDashboard = state;

	Chart.defaults.animation = false;
	Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
	Chart.defaults.font.size = 11;
	Chart.defaults.color = '#6b7280';
	Chart.defaults.plugins.legend.labels.boxWidth = 12;

	// Instants come with nanoseconds; Date.parse is only specified for milliseconds
	const millisOf = (iso) => Date.parse(iso.replace(/(\.\d{3})\d+/, '$1'));
	const clock = (millis) => new Date(millis).toLocaleTimeString([], { hour12: false });
	const colorOf = (pool) => palette[[...state.pools.keys()].indexOf(pool) % palette.length];
	const round = (value, digits) => (value == null ? null : Number(value.toFixed(digits)));
	// Acquire times run from microseconds to seconds
	const millis = (value) => value.toFixed(value < 1 ? 3 : value < 100 ? 1 : 0);

	function timeAxis() {
		return {
			type: 'linear',
			ticks: { callback: (value) => clock(value), maxRotation: 0, autoSkipPadding: 24 },
			grid: { display: false },
		};
	}

	function lineChart(canvas, yTitle, options = {}) {
		return new Chart(canvas, {
			type: 'line',
			data: { datasets: [] },
			options: {
				responsive: true,
				maintainAspectRatio: false,
				parsing: false,
				normalized: true,
				interaction: { mode: 'nearest', axis: 'x', intersect: false },
				elements: { point: { radius: 0, hitRadius: 6 }, line: { borderWidth: 2, tension: 0 } },
				scales: {
					x: timeAxis(),
					y: { beginAtZero: true, title: { display: true, text: yTitle }, ...(options.y || {}) },
				},
				plugins: {
					legend: { position: 'bottom' },
					tooltip: { callbacks: { title: (items) => (items.length ? clock(items[0].parsed.x) : '') } },
				},
			},
		});
	}

	function dataset(label, color, data, extra = {}) {
		return { label, data, borderColor: color, backgroundColor: color, ...extra };
	}

	async function fetchJson(path) {
		const response = await fetch(path, { headers: { Accept: 'application/json' }, cache: 'no-store' });
		if (!response.ok) {
			throw new Error(`${path} answered HTTP ${response.status}`);
		}
		return response.json();
	}

	function historyPath() {
		let since = null;
		for (const samples of state.pools.values()) {
			const last = samples.length ? samples[samples.length - 1].time : null;
			if (last === null) {
				since = null;
				break;
			}
			if (since === null || millisOf(last) < millisOf(since)) {
				since = last;
			}
		}
		return `${endpoint}/history?since=${encodeURIComponent(since || `${windowMinutes}m`)}`;
	}

	function merge(history) {
		state.sampleIntervalSeconds = history.sampleIntervalSeconds;
		const horizon = Date.now() - windowMillis;
		for (const [pool, samples] of Object.entries(history.pools)) {
			const kept = state.pools.get(pool) || [];
			const lastMillis = kept.length ? kept[kept.length - 1].millis : -Infinity;
			for (const sample of samples) {
				sample.millis = millisOf(sample.time);
				// The request asks for samples after the pool whose last sample is oldest
				if (sample.millis > lastMillis) {
					kept.push(sample);
				}
			}
			while (kept.length && kept[0].millis < horizon) {
				kept.shift();
			}
			state.pools.set(pool, kept);
		}
		const known = new Set(state.events.map((event) => event.time + event.pool));
		for (const event of history.events) {
			if (!known.has(event.time + event.pool)) {
				state.events.push(event);
			}
		}
	}

	function connectionChart(pool) {
		const id = `chart-connections-${pool}`;
		if (!state.charts[id]) {
			const card = document.createElement('article');
			card.className = 'card';
			card.innerHTML = `<h2></h2><div class="chart"><canvas id="${id}"></canvas></div>`;
			card.querySelector('h2').textContent = `Connections · ${pool}`;
			document.getElementById('connection-charts').appendChild(card);
			state.charts[id] = lineChart(card.querySelector('canvas'), 'connections', { y: { ticks: { precision: 0 } } });
		}
		return state.charts[id];
	}

	function drawConnections(pool, samples) {
		const chart = connectionChart(pool);
		const series = (field) => samples.map((s) => ({ x: s.millis, y: s[field] }));
		chart.data.datasets = [
			dataset('active', '#2563eb', series('active'), { stepped: true }),
			dataset('idle', '#16a34a', series('idle'), { stepped: true }),
			dataset('waiting', '#dc2626', series('pending'), { stepped: true }),
			dataset('max', '#9ca3af', series('max'), { stepped: true, borderDash: [6, 4], borderWidth: 1 }),
		];
	}

	function borrowRates(samples) {
		const rates = [];
		for (let i = 1; i < samples.length; i++) {
			const seconds = (samples[i].millis - samples[i - 1].millis) / 1000;
			if (seconds > 0) {
				rates.push({ x: samples[i].millis, y: round((samples[i].borrows - samples[i - 1].borrows) / seconds, 1) });
			}
		}
		return rates;
	}

	function alertCounts(timeline) {
		const all = [...state.alerts.active, ...state.alerts.resolved].map((alert) => ({
			severity: alert.severity,
			from: millisOf(alert.raisedAt),
			to: alert.resolvedAt ? millisOf(alert.resolvedAt) : Infinity,
		}));
		return ['WARNING', 'CRITICAL'].map((severity) => ({
			severity,
			data: timeline.map((x) => ({
				x,
				y: all.filter((alert) => alert.severity === severity && alert.from <= x && x < alert.to).length,
			})),
		}));
	}

	function draw() {
		const acquire = [];
		const statements = [];
		const borrows = [];
		const lag = [];
		let timeline = [];
		for (const [pool, samples] of state.pools) {
			drawConnections(pool, samples);
			const color = colorOf(pool);
			acquire.push(dataset(pool, color, samples.map((s) => ({ x: s.millis, y: s.acquireTime.p95 }))));
			statements.push(dataset(pool, color, samples.map((s) => ({
				x: s.millis, y: s.statementTime && s.statementTime.count > 0 ? s.statementTime.p95 : null,
			}))));
			borrows.push(dataset(pool, color, borrowRates(samples)));
			if (samples.some((s) => s.fitness != null)) {
				lag.push(dataset(pool, color, samples.map((s) => ({ x: s.millis, y: s.lagSeconds }))));
			}
			if (samples.length > timeline.length) {
				timeline = samples.map((s) => s.millis);
			}
		}
		state.charts['chart-acquire'].data.datasets = acquire;
		state.charts['chart-statements'].data.datasets = statements;
		state.charts['chart-borrows'].data.datasets = borrows;
		state.charts['chart-lag'].data.datasets = lag;
		state.charts['chart-alerts'].data.datasets = alertCounts(timeline).map((counts) => dataset(
			counts.severity.toLowerCase(), severityColors[counts.severity], counts.data,
			{ stepped: true, fill: true, backgroundColor: `${severityColors[counts.severity]}33` }));
		// The axis spans the data until the window is full, then slides
		const latest = timeline.length ? timeline[timeline.length - 1] : Date.now();
		const earliest = timeline.length ? Math.max(timeline[0], latest - windowMillis) : latest - windowMillis;
		for (const chart of Object.values(state.charts)) {
			chart.options.scales.x.min = earliest;
			chart.options.scales.x.max = latest;
			chart.update('none');
		}
	}

	function element(tag, className, text) {
		const node = document.createElement(tag);
		if (className) {
			node.className = className;
		}
		if (text != null) {
			node.textContent = text;
		}
		return node;
	}

	function drawPools() {
		const container = document.getElementById('pools');
		container.replaceChildren();
		for (const [pool, samples] of state.pools) {
			const now = samples[samples.length - 1];
			if (!now) {
				continue;
			}
			const card = element('article', 'card pool');
			card.dataset.pool = pool;
			const name = element('div', 'name', pool);
			const status = now.fitness == null ? 'primary' : now.fitness.toLowerCase();
			name.appendChild(element('span', `badge ${status}`, status));
			card.appendChild(name);
			const figures = element('div', 'figures');
			const figure = (label, value) => {
				const span = element('span', null, label);
				span.prepend(element('b', null, value));
				figures.appendChild(span);
			};
			figure('active', `${now.active}/${now.max}`);
			figure('waiting', String(now.pending));
			figure('p95 acquire', `${millis(now.acquireTime.p95)} ms`);
			if (now.statementTime && now.statementTime.count > 0) {
				figure('p95 statement', `${millis(now.statementTime.p95)} ms`);
			}
			if (now.fitness != null) {
				figure('lag', now.lagSeconds == null ? 'unknown' : `${now.lagSeconds.toFixed(2)} s`);
			}
			card.appendChild(figures);
			container.appendChild(card);
		}
	}

	function formatValue(value, unit) {
		return `${Number.isInteger(value) ? value : value.toFixed(2)} ${unit}`.replace(' %', '%');
	}

	function drawAlerts() {
		const body = document.querySelector('#active-alerts tbody');
		body.replaceChildren();
		for (const alert of state.alerts.active) {
			const row = element('tr', alert.severity.toLowerCase());
			row.dataset.rule = alert.rule;
			row.dataset.pool = alert.pool;
			row.dataset.severity = alert.severity.toLowerCase();
			const severity = element('td');
			severity.appendChild(element('span', `badge ${alert.severity.toLowerCase()}`, alert.severity));
			row.appendChild(severity);
			row.appendChild(element('td', null, alert.rule));
			row.appendChild(element('td', null, alert.pool));
			row.appendChild(element('td', null, formatValue(alert.value, alert.unit)));
			row.appendChild(element('td', null, formatValue(alert.peakValue, alert.unit)));
			row.appendChild(element('td', null, formatValue(alert.threshold, alert.unit)));
			row.appendChild(element('td', null, clock(millisOf(alert.raisedAt))));
			body.appendChild(row);
		}
		document.getElementById('no-active-alerts').hidden = state.alerts.active.length > 0;
		const resolved = document.getElementById('resolved-alerts');
		resolved.replaceChildren();
		for (const alert of state.alerts.resolved.slice(0, 20)) {
			const item = element('li', null,
				`${alert.severity} ${alert.rule} on ${alert.pool}, peak ${formatValue(alert.peakValue, alert.unit)}`
				+ ` (threshold ${formatValue(alert.threshold, alert.unit)}), raised ${clock(millisOf(alert.raisedAt))}`);
			item.prepend(element('time', null, clock(millisOf(alert.resolvedAt))));
			resolved.appendChild(item);
		}
		const events = document.getElementById('pool-events');
		events.replaceChildren();
		for (const event of state.events.slice(-20).reverse()) {
			const item = element('li', null, `${event.pool}: ${event.description}`);
			item.prepend(element('time', null, clock(millisOf(event.time))));
			events.appendChild(item);
		}
	}

	/** Which server takes the writes, from GET /actuator/mysqlpool (topology discovery). */
	function drawTopology(pools) {
		const line = document.getElementById('topology');
		const topology = pools.topology;
		if (!topology) {
			line.dataset.state = 'static';
			line.textContent = 'Primary: the configured primary (topology discovery off)';
			return;
		}
		const roles = topology.servers.map((server) => `${server.server} ${server.reachable
			? (server.writable ? 'writable' : 'read-only') : 'unreachable'}`).join(' · ');
		if (topology.primary == null) {
			line.dataset.state = 'none';
			line.textContent = `No primary: writes fail until one server is writable (${topology.state}) · ${roles}`;
		}
		else {
			line.dataset.state = topology.splitBrain ? 'split-brain' : 'primary';
			line.textContent = `Primary: ${topology.primary}${topology.splitBrain ? ' · SPLIT BRAIN: ' + topology.state : ''}`
				+ ` · ${topology.primaryChanges} change(s) since start · ${roles}`;
		}
	}

	function showStatus(live, text) {
		document.getElementById('status').dataset.state = live ? 'live' : 'error';
		document.getElementById('status-text').textContent = text;
	}

	async function refresh() {
		try {
			const [history, alerts, pools] = await Promise.all([fetchJson(historyPath()),
				fetchJson(`${endpoint}/alerts`), fetchJson(endpoint)]);
			merge(history);
			state.alerts = alerts;
			drawTopology(pools);
			draw();
			drawPools();
			drawAlerts();
			state.refreshes++;
			state.lastUpdate = new Date();
			showStatus(true, `Live · updated ${clock(state.lastUpdate)} · a sample every ${state.sampleIntervalSeconds} s`
				+ ` · last ${windowMinutes} min`);
		}
		catch (error) {
			state.errors++;
			state.lastError = String(error);
			showStatus(false, `Cannot read ${endpoint}: ${error.message}`);
		}
		const interval = Math.min(5000, Math.max(1000, (state.sampleIntervalSeconds || 2) * 1000));
		window.setTimeout(refresh, interval);
	}

	state.charts['chart-acquire'] = lineChart(document.getElementById('chart-acquire'), 'ms');
	state.charts['chart-statements'] = lineChart(document.getElementById('chart-statements'), 'ms');
	state.charts['chart-borrows'] = lineChart(document.getElementById('chart-borrows'), 'per second');
	state.charts['chart-lag'] = lineChart(document.getElementById('chart-lag'), 'seconds');
	state.charts['chart-alerts'] = lineChart(document.getElementById('chart-alerts'), 'alerts',
		{ y: { ticks: { precision: 0 }, suggestedMax: 2 } });
	refresh();
})();
