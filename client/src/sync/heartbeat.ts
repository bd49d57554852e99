/**
 * When to ask the relay whether the line still works. Browsers cannot send WebSocket protocol
 * pings, and a line that dies without a word (a tunnel, a NAT timing out, Wi-Fi without internet)
 * keeps its socket "open" for minutes; these bound how long the app can believe it is connected.
 */
export interface HeartbeatPolicy {
  /** Silence from the relay after which the link sends a `ping`. */
  heartbeatMs: number;
  /** How long after that ping some frame must arrive before the line counts as dead. */
  deadAfterMs: number;
}

export const DEFAULT_HEARTBEAT: HeartbeatPolicy = { heartbeatMs: 15_000, deadAfterMs: 10_000 };

export interface HeartbeatCalls {
  /** The relay has been silent for `heartbeatMs`: send a ping. */
  silent(): void;
  /** Nothing arrived within `deadAfterMs` after that: give the socket up. */
  dead(): void;
}

/**
 * The liveness clock of one socket. Runs from construction until `stop`; `heard` is called for
 * every frame. A busy line costs no timer work per frame: the idle timer, when it fires, looks at
 * when the relay was last heard and sleeps again for the rest.
 */
export class Heartbeat {
  #lastHeard: number;
  #idle: ReturnType<typeof setTimeout> | null = null;
  #deadline: ReturnType<typeof setTimeout> | null = null;
  #stopped = false;

  constructor(
    private readonly policy: HeartbeatPolicy,
    private readonly calls: HeartbeatCalls,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.#lastHeard = now();
    this.#sleep(policy.heartbeatMs);
  }

  /** Any frame from the relay: the line works. */
  heard(): void {
    if (this.#stopped) return;
    this.#lastHeard = this.now();
    if (this.#deadline === null) return;
    clearTimeout(this.#deadline);
    this.#deadline = null;
    this.#sleep(this.policy.heartbeatMs);
  }

  stop(): void {
    this.#stopped = true;
    if (this.#idle !== null) clearTimeout(this.#idle);
    if (this.#deadline !== null) clearTimeout(this.#deadline);
    this.#idle = this.#deadline = null;
  }

  #sleep(ms: number): void {
    this.#idle = setTimeout(() => this.#wake(), ms);
  }

  #wake(): void {
    this.#idle = null;
    const quiet = this.now() - this.#lastHeard;
    if (quiet < this.policy.heartbeatMs) return this.#sleep(this.policy.heartbeatMs - quiet);
    this.#deadline = setTimeout(() => {
      this.#deadline = null;
      this.calls.dead();
    }, this.policy.deadAfterMs);
    this.calls.silent();
  }
}
