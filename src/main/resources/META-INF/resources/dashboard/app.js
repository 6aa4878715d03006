// Hash routing: #/ and #/?status=… show the sessions list, #/sessions/{task_id} one session (shareable).
// Each view returns a dispose function that closes its stream and timers when the route changes.

import { renderSession } from './session-view.js';
import { renderSessions } from './sessions-view.js';

const root = document.getElementById('view');
let dispose = null;

function route() {
  if (dispose) dispose();
  dispose = null;
  const hash = location.hash.replace(/^#/, '') || '/';
  const [path, query = ''] = hash.split('?');
  const match = path.match(/^\/sessions\/([^/]+)\/?$/);
  let taskId = null;
  if (match) {
    try {
      taskId = decodeURIComponent(match[1]);
    } catch {
      taskId = match[1];
    }
  }
  document.title = 'Batch sessions';
  window.scrollTo(0, 0);
  dispose = taskId ? renderSession(root, taskId) : renderSessions(root, new URLSearchParams(query));
}

window.addEventListener('hashchange', route);
route();
