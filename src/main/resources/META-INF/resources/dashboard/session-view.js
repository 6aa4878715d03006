// The session view (#/sessions/{task_id}): built once, then updated in place from the SSE stream, so figures
// change without a reload, nothing jumps, and an expanded node result stays expanded.

import { api, ApiError } from './api.js';
import { h, replace, setAttr, setText } from './dom.js';
import {
  formatDuration, formatInt, formatPercent, formatRate, formatTime, isTerminal, secondsSince, statusLabel,
} from './format.js';
import { CONNECTION_LABELS, openStream } from './live.js';
import { labelChips } from './labels.js';
import { NodeTable } from './node-table.js';

const RECONNECT_AFTER_REFUSAL_MS = 5000;
const SILENCE_POLL_MS = 10000; // no event for this long while running: re-read, so "stale" shows without events

export function renderSession(root, taskId) {
  const view = new SessionView(root, taskId);
  view.start();
  return () => view.dispose();
}

class SessionView {
  constructor(root, taskId) {
    this.root = root;
    this.taskId = taskId;
    this.doc = null;
    this.stream = null;
    this.timers = [];
    this.aborter = new AbortController();
    this.disposed = false;
    this.gone = null;
    this.lastEventAt = Date.now();
    this.nodes = new NodeTable(taskId, this.aborter.signal, () => this.doc?.node_count);
    this.ui = this.build();
  }

  build() {
    const ui = {};
    ui.title = h('h1', { class: 'session-title' }, '…');
    ui.badge = h('span', { class: 'badge', dataset: { status: 'unknown' } }, '…');
    ui.conn = h('span', { class: 'conn', role: 'status', dataset: { state: 'connecting' } }, CONNECTION_LABELS.connecting);
    ui.taskId = h('code', { class: 'task-id' }, this.taskId);
    ui.labels = h('div', { class: 'session-labels' });
    ui.staleBanner = h('div', { class: 'banner banner-warn stale-banner', role: 'alert', hidden: true });
    ui.goneBanner = h('div', { class: 'banner banner-gone gone-banner', role: 'alert', hidden: true });
    ui.errorBanner = h('div', { class: 'banner banner-error', role: 'alert', hidden: true });

    ui.barOk = h('span', { class: 'bar-seg bar-ok' });
    ui.barFailed = h('span', { class: 'bar-seg bar-failed' });
    ui.progress = h('div', {
      class: 'progress', role: 'progressbar', 'aria-label': 'Progress',
      'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': 0,
    }, ui.barOk, ui.barFailed);
    ui.percent = h('span', { class: 'percent num' }, formatPercent(0));
    ui.nodesDone = h('span', { class: 'nodes-done num' }, '');

    const counter = (key, label) => {
      ui[`count_${key}`] = h('dd', { class: 'num', dataset: { count: key } }, '0');
      return h('div', { class: `counter counter-${key}` }, h('dt', null, label), ui[`count_${key}`]);
    };
    const figure = (key, label) => {
      ui[`fig_${key}`] = h('dd', { class: 'num', dataset: { figure: key } }, '—');
      return h('div', { class: 'figure' }, h('dt', null, label), ui[`fig_${key}`]);
    };

    ui.history = h('ol', { class: 'history' });

    const page = h('section', { class: 'session' },
      h('nav', { class: 'crumbs' }, h('a', { href: '#/' }, '← All sessions')),
      h('header', { class: 'session-head' }, ui.title, h('div', { class: 'head-tags' }, ui.badge, ui.conn)),
      h('p', { class: 'muted id-line' }, 'Task ', ui.taskId),
      ui.labels,
      ui.errorBanner, ui.goneBanner, ui.staleBanner,
      h('div', { class: 'progress-row' }, ui.progress, ui.percent),
      h('p', { class: 'muted progress-note' }, ui.nodesDone),
      h('dl', { class: 'counters' },
        counter('completed', 'Completed'), counter('failed', 'Failed'), counter('running', 'Running'),
        counter('pending', 'Pending'), counter('total', 'Nodes')),
      h('dl', { class: 'figures' },
        figure('eta', 'ETA'), figure('throughput', 'Throughput'), figure('elapsed', 'Elapsed'),
        figure('last', 'Last update'), figure('started', 'Started'), figure('finished', 'Finished'),
        figure('expires', 'Expires'), figure('version', 'Version')),
      h('section', { class: 'panel' }, h('h2', null, 'History'), ui.history),
      this.nodes.element);
    replace(this.root, page);
    return ui;
  }

  async start() {
    this.every(1000, () => this.tick());
    this.every(SILENCE_POLL_MS / 2, () => this.pollWhenSilent());
    try {
      const doc = await api.status(this.taskId, { signal: this.aborter.signal });
      if (this.disposed) return;
      this.apply(doc, true);
      if (isTerminal(doc.status)) {
        this.setConnection('closed', 'final status');
      } else {
        this.connect();
      }
    } catch (e) {
      this.failed(e);
    }
  }

  connect() {
    this.stream = openStream(api.streamUrl(this.taskId, this.doc?.version), {
      onState: (state) => this.setConnection(state, state === 'closed' ? this.closedWhy() : ''),
      onStatus: (doc) => this.onEvent(doc),
      onGone: (info) => this.showGone(info.reason),
      // Refused on (re)connect: read the document to learn why (410 gone, 404 unknown) or to show the last state;
      // if the session is still running (e.g. 503, too many subscribers), try the stream again a little later.
      onFailed: () => this.refetch().then(() => {
        if (!this.disposed && !this.gone && this.doc && !isTerminal(this.doc.status)) {
          this.retryTimer = setTimeout(() => this.connect(), RECONNECT_AFTER_REFUSAL_MS);
        }
      }),
    });
  }

  closedWhy() {
    if (this.gone) return this.gone;
    return this.doc && isTerminal(this.doc.status) ? 'final status' : '';
  }

  onEvent(doc) {
    this.lastEventAt = Date.now();
    if (this.doc && doc.version <= this.doc.version) return; // already shown (e.g. the snapshot after a reconnect)
    const statusChanged = !this.doc || this.doc.status !== doc.status;
    this.apply({ ...doc, history: this.doc?.history ?? [] }, false);
    if (statusChanged) this.refetch(); // events carry no history: read it once the status moved
    if (isTerminal(doc.status)) {
      // The server ends the stream after this event; closing first keeps the browser from reconnecting.
      this.stream?.close();
    }
  }

  async refetch() {
    try {
      const doc = await api.status(this.taskId, { signal: this.aborter.signal });
      if (this.disposed || this.gone) return;
      if (!this.doc || doc.version >= this.doc.version) this.apply(doc, false);
      else this.doc.stale = doc.stale;
      if (isTerminal(doc.status)) this.stream?.close();
    } catch (e) {
      if (e.name !== 'AbortError') this.failed(e);
    }
  }

  apply(doc, first) {
    this.doc = doc;
    const ui = this.ui;
    setText(ui.title, doc.canvas_path);
    if (first) replace(ui.labels, labelChips(doc.labels)); // labels never change after create
    document.title = `${formatPercent(doc.progress_percent)} · ${doc.canvas_path} — Batch sessions`;
    if (!this.gone) {
      setText(ui.badge, statusLabel(doc.status));
      ui.badge.dataset.status = doc.status;
    }
    this.renderProgress(doc);
    setText(ui.count_completed, formatInt(doc.completed_nodes));
    setText(ui.count_failed, formatInt(doc.failed_nodes));
    setText(ui.count_running, formatInt(doc.running_nodes));
    setText(ui.count_pending, formatInt(doc.pending_nodes));
    setText(ui.count_total, formatInt(doc.node_count));
    setText(ui.fig_eta, isTerminal(doc.status) ? 'done'
      : doc.stale ? 'unknown (stale)'
        : doc.eta_seconds == null ? 'unknown' : formatDuration(doc.eta_seconds));
    setText(ui.fig_throughput, formatRate(doc.throughput_nodes_per_second));
    setText(ui.fig_started, formatTime(doc.started_at));
    setText(ui.fig_finished, formatTime(doc.finished_at));
    setText(ui.fig_expires, formatTime(doc.expires_at));
    setText(ui.fig_version, formatInt(doc.version));
    if (Array.isArray(doc.history)) this.renderHistory(doc.history);
    this.nodes.showGroups(doc.groups ?? []);
    this.tick();
    this.nodes.request(first || isTerminal(doc.status));
  }

  renderProgress(doc) {
    const ui = this.ui;
    const percent = Math.max(0, Math.min(100, Number(doc.progress_percent) || 0));
    const failedShare = doc.node_count > 0 ? Math.min(percent, (100 * doc.failed_nodes) / doc.node_count) : 0;
    ui.progress.dataset.status = doc.status;
    ui.barOk.style.width = `${percent - failedShare}%`;
    ui.barFailed.style.width = `${failedShare}%`;
    setAttr(ui.progress, 'aria-valuenow', Math.round(percent * 10) / 10);
    const finished = doc.completed_nodes + doc.failed_nodes;
    const nodesText = doc.node_count > 0 ? `${formatInt(finished)} of ${formatInt(doc.node_count)} nodes finished` : 'no nodes';
    setAttr(ui.progress, 'aria-valuetext', `${formatPercent(percent)}, ${nodesText}`);
    setText(ui.percent, formatPercent(percent));
    setText(ui.nodesDone, nodesText);
  }

  renderHistory(history) {
    const items = history.map((t) => h('li', null,
      h('time', { class: 'num', datetime: t.at }, formatTime(t.at)),
      h('span', { class: 'move' },
        h('span', { class: 'badge badge-small', dataset: { status: t.from } }, statusLabel(t.from)), ' → ',
        h('span', { class: 'badge badge-small', dataset: { status: t.to } }, statusLabel(t.to))),
      t.reason ? h('span', { class: 'reason' }, t.reason) : null));
    if (items.length === 0) items.push(h('li', { class: 'muted' }, 'Created; no transition yet.'));
    replace(this.ui.history, items);
  }

  /** Every second: how long since the last activity, and the stale warning while running. */
  tick() {
    const doc = this.doc;
    if (!doc) return;
    const silent = secondsSince(doc.last_activity_at ?? doc.updated_at);
    setText(this.ui.fig_last, silent == null ? '—' : `${formatDuration(silent)} ago`);
    const end = doc.finished_at ? Date.parse(doc.finished_at) : Date.now();
    setText(this.ui.fig_elapsed, doc.started_at ? formatDuration((end - Date.parse(doc.started_at)) / 1000) : '—');
    const stale = doc.status === 'running' && doc.stale && !this.gone;
    this.ui.staleBanner.hidden = !stale;
    if (stale) {
      setText(this.ui.staleBanner, `Stale — no update for ${formatInt(silent)} s. The executor may have stopped reporting.`);
    }
  }

  /** SSE only speaks when the version changes; staleness and heartbeats do not, so re-read when it is quiet. */
  pollWhenSilent() {
    if (!this.doc || this.gone || isTerminal(this.doc.status)) return;
    if (Date.now() - this.lastEventAt >= SILENCE_POLL_MS) {
      this.lastEventAt = Date.now();
      this.refetch();
    }
  }

  setConnection(state, why) {
    const conn = this.ui.conn;
    conn.dataset.state = state;
    setText(conn, why ? `${CONNECTION_LABELS[state]} · ${why}` : CONNECTION_LABELS[state]);
  }

  showGone(reason) {
    const why = reason === 'expired' || reason === 'deleted' ? reason : 'gone';
    this.gone = why;
    this.stream?.close();
    const ui = this.ui;
    ui.badge.dataset.status = 'gone';
    setText(ui.badge, why);
    ui.goneBanner.hidden = false;
    setText(ui.goneBanner, why === 'deleted'
      ? 'This session was deleted. What is shown below is its last known state.'
      : why === 'expired'
        ? 'This session expired and was removed. What is shown below is its last known state.'
        : 'This session is gone.');
    ui.staleBanner.hidden = true;
    this.root.querySelector('.session')?.classList.add('is-gone');
    this.setConnection('closed', why);
  }

  failed(e) {
    if (this.disposed || e?.name === 'AbortError') return;
    if (e instanceof ApiError && e.status === 410) {
      this.showGone(e.problem?.reason);
      return;
    }
    this.stream?.close();
    this.setConnection('closed', e instanceof ApiError && e.status === 404 ? 'not found' : 'error');
    const banner = this.ui.errorBanner;
    banner.hidden = false;
    setText(banner, e instanceof ApiError && e.status === 404
      ? `No session with id ${this.taskId}. It may never have existed, or it was removed long ago.`
      : `Could not load this session: ${e.message}`);
  }

  // --- lifecycle ---------------------------------------------------------------------------------------------

  every(ms, fn) {
    this.timers.push(setInterval(fn, ms));
  }

  dispose() {
    this.disposed = true;
    this.aborter.abort();
    this.stream?.close();
    this.timers.forEach(clearInterval);
    this.nodes.dispose();
    if (this.retryTimer) clearTimeout(this.retryTimer);
  }
}
