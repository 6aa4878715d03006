// The sessions view (#/, or #/?status=running&label=team:ml&canvas_path_prefix=canvases/etl): the newest
// sessions first, filtered by status, labels and canvas path prefix (all in the shareable URL), with counts per
// status, cursor paging, and the write-token field when the service protects its list. The first page follows
// the list's live feed: rows appear, change and leave as sessions do, and the counts follow, without polling.

import { api, ApiError, authHeaders, writeToken } from './api.js';
import { h, replace, setText } from './dom.js';
import { openFeed } from './feed.js';
import { formatInt, formatPercent, formatTime, shortId, statusLabel } from './format.js';
import { labelChips } from './labels.js';
import { SESSION_STATUSES } from './statuses.js';

const PAGE_SIZE = 20;
/** Counts are read again at most this often while the feed reports changes. */
const COUNTS_EVERY_MS = 1000;
const FEED_STATES = { connecting: 'Connecting…', live: 'Live', reconnecting: 'Reconnecting…', closed: 'Not live' };

export function renderSessions(root, params) {
  const view = new SessionsView(root, params);
  view.start();
  return () => view.dispose();
}

/** The filter a URL names: { status: [], label: [], canvas_path_prefix }. Unknown statuses are dropped. */
export function filterFrom(params) {
  return {
    status: params.getAll('status').filter((s) => SESSION_STATUSES.includes(s)),
    label: params.getAll('label').map((l) => l.trim()).filter(Boolean),
    canvas_path_prefix: params.get('canvas_path_prefix') || null,
  };
}

/** The view's URL for a filter; the order of parameters is stable, so links compare equal. */
export function hashFor(filter) {
  const q = new URLSearchParams();
  for (const s of filter.status ?? []) q.append('status', s);
  for (const l of filter.label ?? []) q.append('label', l);
  if (filter.canvas_path_prefix) q.set('canvas_path_prefix', filter.canvas_path_prefix);
  const text = q.toString();
  return text ? `#/?${text}` : '#/';
}

class SessionsView {
  constructor(root, params) {
    this.root = root;
    this.filter = filterFrom(params);
    this.cursors = [null]; // cursor of each page visited so far; the last one is the page shown
    this.nextCursor = null;
    this.docs = new Map(); // task_id -> document of the rows shown
    this.aborter = new AbortController();
    this.disposed = false;
    this.loading = false;
    this.feed = null;
    this.countsTimer = null;
    this.ui = this.build();
  }

  build() {
    const ui = {};
    ui.idInput = h('input', {
      type: 'text', name: 'task_id', placeholder: 'task id', autocomplete: 'off', spellcheck: 'false',
      'aria-label': 'Open a session by its task id',
    });
    const openForm = h('form', {
      class: 'open-form', onsubmit: (e) => {
        e.preventDefault();
        const id = ui.idInput.value.trim();
        if (id) location.hash = `#/sessions/${encodeURIComponent(id)}`;
      },
    }, ui.idInput, h('button', { type: 'submit', class: 'button' }, 'Open'));

    ui.tokenInput = h('input', {
      type: 'password', name: 'write_token', autocomplete: 'off', 'aria-label': 'Write token',
      placeholder: 'write token',
    });
    ui.tokenMessage = h('p', { class: 'auth-message' });
    ui.auth = h('form', {
      class: 'panel auth', hidden: true, onsubmit: (e) => {
        e.preventDefault();
        writeToken.set(ui.tokenInput.value.trim());
        ui.tokenInput.value = '';
        this.refresh();
      },
    },
    ui.tokenMessage,
    h('div', { class: 'auth-row' }, ui.tokenInput, h('button', { type: 'submit', class: 'button' }, 'Use token')),
    h('p', { class: 'muted small' }, 'Kept in this browser tab only (sessionStorage), sent as a Bearer header. '
      + 'Reading one session by its id needs no token.'));

    ui.forget = h('button', {
      type: 'button', class: 'link-button', hidden: !writeToken.get(), onclick: () => {
        writeToken.set('');
        this.refresh();
      },
    }, 'Forget token');

    ui.counts = {};
    const shown = this.filter.status.length === 1 ? this.filter.status[0] : null;
    const filter = (status, label) => {
      ui.counts[status ?? 'all'] = h('span', { class: 'count num' }, '—');
      const current = status === null ? this.filter.status.length === 0 : status === shown;
      return h('a', {
        class: 'filter', href: hashFor({ ...this.filter, status: status ? [status] : [] }),
        dataset: { filter: status ?? 'all' }, 'aria-current': current ? 'page' : false,
      }, status ? h('span', { class: 'dot', dataset: { status } }) : null, label, ui.counts[status ?? 'all']);
    };
    ui.filters = h('nav', { class: 'filters', 'aria-label': 'Filter by status' },
      filter(null, 'All'), SESSION_STATUSES.map((s) => filter(s, statusLabel(s))));

    ui.labelInput = h('input', {
      type: 'text', name: 'label', autocomplete: 'off', spellcheck: 'false', value: this.filter.label.join(' '),
      placeholder: 'team:ml env', 'aria-label': 'Labels (key:value or key, separated by spaces)',
    });
    ui.prefixInput = h('input', {
      type: 'text', name: 'canvas_path_prefix', autocomplete: 'off', spellcheck: 'false',
      value: this.filter.canvas_path_prefix ?? '', placeholder: 'canvas path prefix', 'aria-label': 'Canvas path prefix',
    });
    const narrowed = this.filter.label.length > 0 || this.filter.canvas_path_prefix;
    ui.narrow = h('form', {
      class: 'narrow-form', role: 'search', onsubmit: (e) => {
        e.preventDefault();
        location.hash = hashFor({
          ...this.filter,
          label: ui.labelInput.value.split(/[\s,]+/).filter(Boolean),
          canvas_path_prefix: ui.prefixInput.value.trim() || null,
        });
      },
    }, h('label', null, 'Labels ', ui.labelInput), h('label', null, 'Canvas ', ui.prefixInput),
    h('button', { type: 'submit', class: 'button' }, 'Filter'),
    narrowed ? h('a', { class: 'clear-filter', href: hashFor({ status: this.filter.status }) }, 'Clear') : null);

    ui.list = h('div', { class: 'session-list', role: 'list', 'aria-live': 'polite', 'aria-busy': 'true' });
    ui.older = h('button', { type: 'button', class: 'button', disabled: true, onclick: () => this.older() }, 'Older →');
    ui.newer = h('button', { type: 'button', class: 'button', disabled: true, onclick: () => this.newer() }, '← Newer');
    ui.pageNo = h('span', { class: 'muted num page-no' }, 'Page 1');
    ui.refreshed = h('p', { class: 'muted small refreshed' });
    ui.error = h('div', { class: 'banner banner-error', role: 'alert', hidden: true });

    replace(this.root, h('section', { class: 'sessions' },
      h('header', { class: 'sessions-head' }, h('h1', null, 'Sessions'),
        h('a', { class: 'button analytics-link', href: hashFor(this.filter).replace('#/', '#/analytics') }, 'Analytics'), openForm),
      ui.auth, ui.error, ui.filters, ui.narrow, ui.list,
      h('div', { class: 'pager' }, ui.newer, ui.pageNo, ui.older),
      h('div', { class: 'footer-row' }, ui.refreshed, ui.forget)));
    return ui;
  }

  start() {
    this.refresh();
  }

  /** Lists the page shown (and the counts) again, then follows the feed while the first page is shown. */
  async refresh() {
    if (this.disposed) return;
    if (this.loading) {
      this.again = true; // e.g. a page change while a listing runs: list once more when this one ends
      return;
    }
    this.loading = true;
    const signal = this.aborter.signal;
    const cursor = this.cursors[this.cursors.length - 1];
    try {
      const [page, counts] = await Promise.all([
        api.sessions(this.filter, { cursor, limit: PAGE_SIZE }, { signal }),
        this.readCounts(signal),
      ]);
      if (this.disposed) return;
      this.ui.auth.hidden = true;
      this.ui.error.hidden = true;
      this.ui.forget.hidden = !writeToken.get();
      this.renderCounts(counts);
      this.renderPage(page);
      this.follow();
    } catch (e) {
      if (e.name === 'AbortError' || this.disposed) return;
      if (e instanceof ApiError && e.status === 401) {
        this.askForToken();
      } else {
        this.ui.error.hidden = false;
        setText(this.ui.error, `Could not load sessions: ${e.message}`);
      }
    } finally {
      this.loading = false;
      this.ui.list.setAttribute('aria-busy', 'false');
      if (this.again) {
        this.again = false;
        this.refresh();
      }
    }
  }

  /** Counts per status under the filter's labels and prefix (the status tabs narrow the list, not the counts). */
  readCounts(signal) {
    return api.counts({ ...this.filter, status: [] }, { signal });
  }

  /** Opens the feed once, for the first page; later pages are a fixed window the user paged to. */
  follow() {
    if (this.feed || this.cursors.length > 1 || this.disposed) return;
    this.feed = openFeed(api.feedUrl(this.filter, PAGE_SIZE), authHeaders, {
      onEvent: (type, data) => this.onFeedEvent(type, data),
      onState: (state) => {
        this.ui.refreshed.dataset.state = state;
        setText(this.ui.refreshed, FEED_STATES[state] ?? state);
      },
      onResync: () => this.refresh(), // the server no longer holds our position: list again
      onDenied: () => {
        this.feed = null;
        this.askForToken();
      },
    });
  }

  stopFollowing() {
    this.feed?.close();
    this.feed = null;
  }

  onFeedEvent(type, data) {
    let body;
    try {
      body = JSON.parse(data);
    } catch {
      return;
    }
    if (type === 'status' && body?.task_id) {
      this.upsert(body);
    } else if (type === 'gone' && body?.task_id) {
      this.docs.delete(body.task_id);
      this.renderRows();
    } else {
      return; // e.g. the end of the first events: the page already has its cursor from the listing
    }
    this.countsSoon();
  }

  upsert(doc) {
    const shown = this.docs.get(doc.task_id);
    if (shown && Number(shown.version) >= Number(doc.version)) return; // an older or the same state
    const statuses = this.filter.status;
    if (statuses.length > 0 && !statuses.includes(doc.status)) {
      this.docs.delete(doc.task_id); // it left the filter (its labels, path and creation never change)
    } else {
      this.docs.set(doc.task_id, doc);
    }
    this.renderRows();
    if (this.docs.size > PAGE_SIZE) this.refresh(); // the page overflowed: list it again for a true cursor
  }

  countsSoon() {
    if (this.countsTimer) return;
    this.countsTimer = setTimeout(async () => {
      this.countsTimer = null;
      try {
        this.renderCounts(await this.readCounts(this.aborter.signal));
      } catch {
        // the next change tries again; the listing shows errors
      }
    }, COUNTS_EVERY_MS);
  }

  askForToken() {
    const had = Boolean(writeToken.get());
    this.ui.auth.hidden = false;
    this.ui.forget.hidden = !had;
    setText(this.ui.tokenMessage, had
      ? 'The service rejected the stored write token. Enter the right one to list sessions.'
      : 'This service requires its write token to list sessions.');
    replace(this.ui.list);
    if (document.activeElement !== this.ui.idInput) this.ui.tokenInput.focus();
  }

  renderCounts(counts) {
    const byStatus = counts?.counts ?? counts ?? null;
    let all = 0;
    for (const status of SESSION_STATUSES) {
      const n = byStatus ? Number(byStatus[status] ?? 0) : null;
      if (n !== null) all += n;
      setText(this.ui.counts[status], n === null ? '—' : formatInt(n));
    }
    setText(this.ui.counts.all, byStatus ? formatInt(counts.total ?? all) : '—');
  }

  renderPage(page) {
    this.nextCursor = page?.next_cursor ?? null;
    this.docs = new Map((page?.items ?? []).map((doc) => [doc.task_id, doc]));
    this.renderRows();
  }

  /** The rows shown, newest first as the list orders them (creation time, then task id). */
  renderRows() {
    const docs = [...this.docs.values()].sort((a, b) => (a.created_at === b.created_at
      ? (a.task_id < b.task_id ? -1 : 1)
      : (a.created_at < b.created_at ? 1 : -1)));
    const rows = docs.slice(0, PAGE_SIZE).map((doc) => this.row(doc));
    if (rows.length === 0) {
      const narrowed = this.filter.status.length > 0 || this.filter.label.length > 0 || this.filter.canvas_path_prefix;
      rows.push(h('p', { class: 'empty muted' }, narrowed
        ? `No sessions match this filter${this.cursors.length > 1 ? ' on this page' : ''}.`
        : 'No sessions yet. An executor creates one with POST /api/v1/parallel/sessions; '
          + 'start the service with batch.demo.enabled=true to watch simulated ones.'));
    }
    replace(this.ui.list, rows);
    this.ui.older.disabled = !this.nextCursor;
    this.ui.newer.disabled = this.cursors.length <= 1;
    setText(this.ui.pageNo, `Page ${this.cursors.length}`);
  }

  row(doc) {
    const percent = Math.max(0, Math.min(100, Number(doc.progress_percent) || 0));
    const fill = h('span', { class: 'mini-fill' });
    fill.style.width = `${percent}%`;
    const finished = doc.completed_nodes + doc.failed_nodes;
    return h('a', {
      class: 'session-row', role: 'listitem', href: `#/sessions/${encodeURIComponent(doc.task_id)}`,
      dataset: { status: doc.status, taskId: doc.task_id },
    },
    h('span', { class: 'badge', dataset: { status: doc.status } }, statusLabel(doc.status)),
    h('span', { class: 'row-main' },
      h('span', { class: 'row-canvas' }, doc.canvas_path),
      h('span', { class: 'row-sub muted' }, h('code', null, shortId(doc.task_id)),
        doc.stale ? h('span', { class: 'stale-tag' }, 'stale') : null,
        doc.failed_nodes > 0 ? h('span', { class: 'failed-tag' }, `${formatInt(doc.failed_nodes)} failed`) : null,
        labelChips(doc.labels))),
    h('span', { class: 'row-progress' },
      h('span', { class: 'mini-bar', 'aria-hidden': 'true' }, fill),
      h('span', { class: 'num row-percent' }, formatPercent(percent))),
    h('span', { class: 'num row-nodes' }, doc.node_count > 0 ? `${formatInt(finished)}/${formatInt(doc.node_count)}` : '—'),
    h('span', { class: 'num row-time muted' }, formatTime(doc.updated_at)));
  }

  older() {
    if (!this.nextCursor) return;
    this.stopFollowing();
    this.cursors.push(this.nextCursor);
    this.refresh();
  }

  newer() {
    if (this.cursors.length <= 1) return;
    this.cursors.pop();
    this.refresh(); // back on the first page, it follows the feed again
  }

  dispose() {
    this.disposed = true;
    this.aborter.abort();
    this.stopFollowing();
    clearTimeout(this.countsTimer);
  }
}
