// Display formats. Numbers keep a steady width (the CSS uses tabular figures) so nothing jumps as they change.

// The status lists come from the service, written from its enums: there is no second copy to keep in step.
import { TERMINAL_STATUSES } from './statuses.js';

const TERMINAL = new Set(TERMINAL_STATUSES);

export const isTerminal = (status) => TERMINAL.has(status);

export const statusLabel = (status) => String(status ?? '').replace(/_/g, ' ');

const integer = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat(undefined, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const twoDecimals = new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export const formatInt = (n) => (n === null || n === undefined ? '—' : integer.format(n));

export const formatPercent = (p) => `${oneDecimal.format(Math.max(0, Math.min(100, Number(p) || 0)))} %`;

/** 42 s · 3 min 05 s · 2 h 04 min · 3 d 02 h */
export function formatDuration(totalSeconds) {
  if (totalSeconds === null || totalSeconds === undefined || !Number.isFinite(Number(totalSeconds))) return '—';
  const s = Math.max(0, Math.round(Number(totalSeconds)));
  const pad = (n) => String(n).padStart(2, '0');
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${pad(s % 60)} s`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ${pad(Math.floor((s % 3600) / 60))} min`;
  return `${Math.floor(s / 86400)} d ${pad(Math.floor((s % 86400) / 3600))} h`;
}

export function formatMillis(ms) {
  if (ms === null || ms === undefined) return '—';
  if (ms < 1000) return `${integer.format(ms)} ms`;
  if (ms < 60000) return `${oneDecimal.format(ms / 1000)} s`;
  return formatDuration(ms / 1000);
}

export function formatRate(nodesPerSecond) {
  if (nodesPerSecond === null || nodesPerSecond === undefined) return '—';
  if (nodesPerSecond < 1) return `${twoDecimals.format(nodesPerSecond * 60)} nodes/min`;
  return `${twoDecimals.format(nodesPerSecond)} nodes/s`;
}

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, {
  year: 'numeric', month: 'short', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
});

/** Today's times as a clock time, older ones with their date. */
export function formatTime(iso) {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  return date.toDateString() === new Date().toDateString() ? timeFormat.format(date) : dateTimeFormat.format(date);
}

/** Whole seconds from an ISO instant to now, never negative (small clock skew between browser and server). */
export function secondsSince(iso, now = Date.now()) {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : Math.max(0, Math.floor((now - t) / 1000));
}

export const shortId = (id) => String(id ?? '').slice(0, 8);
