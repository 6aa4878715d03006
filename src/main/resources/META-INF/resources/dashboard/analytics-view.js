// The analytics view (#/analytics, or #/analytics?hours=168&label=team:ml&canvas_path_prefix=canvases/etl): how
// the sessions that finished in the last hours did, under the list's filters. A stacked bar per hour (completed,
// partial failure, failed) drawn as plain SVG, the duration percentiles, the nodes that fail most and the canvas
// paths with most sessions. Read once per visit and on "Refresh": finished sessions change slowly.

import { api, ApiError } from './api.js';
import { h, replace, setText } from './dom.js';
import { formatInt, formatMillis, formatPercent, formatRate, statusLabel } from './format.js';
import { filterFrom, hashFor } from './sessions-view.js';

const WINDOWS = [6, 24, 72, 168];
const DEFAULT_HOURS = 24;
const CHARTED = ['completed', 'partial_failure', 'failed'];
const SVG = 'http://www.w3.org/2000/svg';
const CHART = { width: 720, height: 180, top: 10, bottom: 22, left: 34, right: 24 };

export function renderAnalytics(root, params) {
  const view = new AnalyticsView(root, params);
  view.load();
  return () => view.dispose();
}

/** The view's URL for a window and the list's filters. */
export function analyticsHash(hours, filter) {
  const list = hashFor(filter).replace(/^#\/\??/, '');
  const q = new URLSearchParams(list);
  if (hours !== DEFAULT_HOURS) q.set('hours', String(hours));
  const text = q.toString();
  return text ? `#/analytics?${text}` : '#/analytics';
}

function svg(tag, attrs, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs ?? {})) el.setAttribute(key, String(value));
  for (const child of children.flat()) {
    if (child !== null && child !== undefined) el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

const percentOrDash = (rate) => (rate === null || rate === undefined ? '—' : formatPercent(rate * 100));

class AnalyticsView {
  constructor(root, params) {
    this.root = root;
    this.filter = filterFrom(params);
    const hours = Number(params.get('hours'));
    this.hours = WINDOWS.includes(hours) ? hours : DEFAULT_HOURS;
    this.aborter = new AbortController();
    this.disposed = false;
    this.ui = this.build();
  }

  build() {
    const ui = {};
    const windows = h('nav', { class: 'filters', 'aria-label': 'Window' }, WINDOWS.map((hours) => h('a', {
      class: 'filter', href: analyticsHash(hours, this.filter), dataset: { hours: String(hours) },
      'aria-current': hours === this.hours ? 'page' : false,
    }, hours < 48 ? `Last ${hours} h` : `Last ${hours / 24} days`)));
    const narrowed = [
      ...this.filter.status.map(statusLabel), ...this.filter.label,
      this.filter.canvas_path_prefix ? `${this.filter.canvas_path_prefix}…` : null,
    ].filter(Boolean);
    ui.error = h('div', { class: 'banner banner-error', role: 'alert', hidden: true });
    ui.window = h('p', { class: 'muted small analytics-window' });
    ui.figures = h('dl', { class: 'figures analytics-figures' });
    ui.chart = h('div', { class: 'panel analytics-chart' });
    ui.failing = h('div', { class: 'table-wrap' });
    ui.paths = h('div', { class: 'table-wrap' });
    replace(this.root, h('section', { class: 'analytics', 'aria-busy': 'true' },
      h('header', { class: 'sessions-head' }, h('h1', null, 'Analytics'),
        h('span', { class: 'head-links' },
          h('button', { type: 'button', class: 'button', onclick: () => this.load() }, 'Refresh'),
          h('a', { class: 'button', href: hashFor(this.filter) }, 'Sessions'))),
      ui.error, windows,
      narrowed.length ? h('p', { class: 'muted small' }, `Filtered: ${narrowed.join(' · ')}`) : null,
      ui.window, ui.figures, ui.chart,
      h('section', { class: 'panel' }, h('h2', null, 'Nodes that fail most'), ui.failing),
      h('section', { class: 'panel' }, h('h2', null, 'By canvas path'), ui.paths)));
    ui.section = this.root.firstElementChild;
    return ui;
  }

  async load() {
    const until = new Date();
    const since = new Date(until.getTime() - this.hours * 3600 * 1000);
    try {
      const report = await api.analytics(this.filter, since.toISOString(), until.toISOString(),
        { signal: this.aborter.signal });
      if (this.disposed) return;
      this.ui.error.hidden = true;
      this.render(report);
    } catch (e) {
      if (e.name === 'AbortError' || this.disposed) return;
      this.ui.error.hidden = false;
      setText(this.ui.error, e instanceof ApiError && e.status === 401
        ? 'This service requires its write token for analytics: enter it on the Sessions page.'
        : `Could not load analytics: ${e.message}`);
    } finally {
      this.ui.section.setAttribute('aria-busy', 'false');
    }
  }

  render(report) {
    const all = report.overall;
    setText(this.ui.window, `Sessions that finished from ${new Date(report.since).toLocaleString()} `
      + `to ${new Date(report.until).toLocaleString()}`);
    const figure = (name, label, value) => [h('div', { class: 'figure', dataset: { figure: name } },
      h('dt', null, label), h('dd', { class: 'num' }, value))];
    const nodesNote = report.approximate ? ' (≈)' : '';
    replace(this.ui.figures,
      figure('sessions', 'Finished sessions', formatInt(all.sessions.total)),
      figure('success_rate', 'Success rate', percentOrDash(all.success_rate)),
      figure('duration_p50', 'Duration p50', formatMillis(all.session_duration_ms.p50)),
      figure('duration_p95', 'Duration p95', formatMillis(all.session_duration_ms.p95)),
      figure('duration_max', 'Duration max', formatMillis(all.session_duration_ms.max)),
      figure('node_p50', `Node time p50${nodesNote}`, formatMillis(all.node_execution_ms.p50)),
      figure('node_p95', `Node time p95${nodesNote}`, formatMillis(all.node_execution_ms.p95)),
      figure('throughput', 'Throughput', formatRate(all.nodes_per_second)));
    replace(this.ui.chart, this.chart(report.hourly));
    replace(this.ui.failing, all.failing_nodes.length === 0
      ? h('p', { class: 'empty muted' }, 'No node failed in this window.')
      : h('table', { class: 'nodes failing-nodes' },
        h('thead', null, h('tr', null, h('th', null, 'Node'), h('th', { class: 'num' }, 'Failures'),
          h('th', null, 'Latest error'))),
        h('tbody', null, all.failing_nodes.map((node) => h('tr', { dataset: { nodeId: node.node_id } },
          h('td', { class: 'node-id' }, node.node_id),
          h('td', { class: 'num' }, formatInt(node.failures)),
          h('td', null, node.latest_error ? h('span', { class: 'node-error' }, node.latest_error) : '—'))))));
    replace(this.ui.paths, report.by_canvas_path.length === 0
      ? h('p', { class: 'empty muted' }, 'No session finished in this window.')
      : h('table', { class: 'nodes canvas-paths' },
        h('thead', null, h('tr', null, h('th', null, 'Canvas path'), h('th', { class: 'num' }, 'Sessions'),
          h('th', { class: 'num' }, 'Success'), h('th', { class: 'num' }, 'p50'), h('th', { class: 'num' }, 'p95'))),
        h('tbody', null, report.by_canvas_path.map((path) => h('tr', { dataset: { canvasPath: path.canvas_path } },
          h('td', { class: 'node-id' }, path.canvas_path),
          h('td', { class: 'num' }, formatInt(path.figures.sessions.total)),
          h('td', { class: 'num' }, percentOrDash(path.figures.success_rate)),
          h('td', { class: 'num' }, formatMillis(path.figures.session_duration_ms.p50)),
          h('td', { class: 'num' }, formatMillis(path.figures.session_duration_ms.p95)))))));
  }

  /** Per hour, a bar of completed, partial failure and failed stacked bottom up; the y axis is the busiest hour. */
  chart(hourly) {
    const { width, height, top, bottom, left, right } = CHART;
    const plotHeight = height - top - bottom;
    const peak = Math.max(1, ...hourly.map((hour) => CHARTED.reduce((n, s) => n + hour.sessions[s], 0)));
    const slot = (width - left - right) / Math.max(1, hourly.length);
    const barWidth = Math.max(1, slot * 0.8);
    const bars = hourly.map((hour, i) => {
      const x = left + i * slot + (slot - barWidth) / 2;
      let y = top + plotHeight;
      const segments = CHARTED.map((status) => {
        const n = hour.sessions[status];
        const barHeight = (n / peak) * plotHeight;
        y -= barHeight;
        return n === 0 ? null : svg('rect', {
          class: 'chart-bar', 'data-status': status, 'data-hour': hour.hour, 'data-count': n,
          x: x.toFixed(1), y: y.toFixed(1), width: barWidth.toFixed(1), height: barHeight.toFixed(1),
        }, svg('title', null, `${new Date(hour.hour).toLocaleString()}: ${n} ${statusLabel(status)}`));
      });
      return svg('g', { class: 'chart-hour' }, segments);
    });
    const every = Math.max(1, Math.ceil(hourly.length / 8));
    const ticks = hourly.map((hour, i) => (i % every !== 0 ? null : svg('text', {
      class: 'chart-tick', x: (left + i * slot + slot / 2).toFixed(1), y: height - 6, 'text-anchor': 'middle',
    }, new Date(hour.hour).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' }))));
    const axis = [
      svg('line', { class: 'chart-axis', x1: left, y1: top + plotHeight, x2: width - right, y2: top + plotHeight }),
      svg('text', { class: 'chart-tick', x: left - 4, y: top + 8, 'text-anchor': 'end' }, String(peak)),
      svg('text', { class: 'chart-tick', x: left - 4, y: top + plotHeight, 'text-anchor': 'end' }, '0'),
    ];
    const legend = h('p', { class: 'chart-legend muted small' }, CHARTED.map((status) => h('span', null,
      h('span', { class: 'dot', dataset: { status } }), statusLabel(status), ' ')), 'per hour');
    return [
      h('h2', null, 'Finished per hour'),
      svg('svg', {
        class: 'hourly-chart', viewBox: `0 0 ${width} ${height}`, role: 'img', preserveAspectRatio: 'none',
        'aria-label': `Sessions finished per hour: ${CHARTED.map((s) => statusLabel(s)).join(', ')}`,
      }, axis, bars, ticks),
      legend,
    ];
  }

  dispose() {
    this.disposed = true;
    this.aborter.abort();
  }
}
