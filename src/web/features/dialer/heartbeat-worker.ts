// The agent's presence heartbeat, run in a dedicated Worker (decision 0024): browsers throttle a hidden tab's page
// timers (Chrome to once a minute, or not at all once it freezes the page) but not a worker's, so a hidden dialer
// tab keeps its agent present. The page starts and stops it; each answer's state is posted back to the page.

export type HeartbeatCommand = { type: 'start'; url: string; csrfToken: string; intervalMs: number } | { type: 'stop' };
export type HeartbeatReport = { state: string };

let timer: ReturnType<typeof setInterval> | null = null;

async function beat(url: string, csrfToken: string): Promise<void> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/json', 'x-csrf-token': csrfToken },
      body: '{}',
      credentials: 'same-origin',
    });
    if (!res.ok) return;
    const body = (await res.json()) as HeartbeatReport;
    postMessage({ state: body.state } satisfies HeartbeatReport);
  } catch {
    // A missed beat is not news: the next one tries again, and the server waits for several.
  }
}

addEventListener('message', (event: MessageEvent<HeartbeatCommand>) => {
  const command = event.data;
  if (timer !== null) clearInterval(timer);
  timer = null;
  if (command.type === 'start') {
    const { url, csrfToken, intervalMs } = command;
    timer = setInterval(() => void beat(url, csrfToken), intervalMs);
  }
});
