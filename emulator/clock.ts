/**
 * The emulator's clock: wall time plus an offset the admin API can advance (`POST /__emulator/clock/advance`).
 * Schedules, job progress and retention all read it; signature timestamps are checked against real wall time.
 */
export class Clock {
  constructor(
    private offsetMs = 0,
    /** simulated seconds per real second for job durations (EMULATOR_TIME_SCALE) */
    readonly timeScale = 1,
  ) {}

  now(): number {
    return Date.now() + this.offsetMs;
  }

  advance(seconds: number) {
    this.offsetMs += seconds * 1000;
  }

  get offset() {
    return this.offsetMs;
  }

  /** Real milliseconds a simulated duration takes on this clock. */
  scaled(seconds: number): number {
    return (seconds * 1000) / this.timeScale;
  }
}
