// Seeded randomness for a fleet. Every draw of charge point i comes from its own stream, seeded by
// (run seed, i) alone, so charge point 4711 draws the same offsets and session lengths whatever
// the ramp, the worker or the shard it runs in. The streams live in one Uint32Array: no object per
// charge point.

/** A 32-bit mix of two numbers (splitmix-like); pure. */
export function mix32(a: number, b: number): number {
  let h = (Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x632be5ab, 0xc2b2ae35)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

export class FleetRandom {
  private readonly state: Uint32Array;

  /** Streams for charge points first .. first + count - 1. */
  constructor(
    readonly seed: number,
    private readonly first: number,
    count: number,
  ) {
    this.state = new Uint32Array(count);
    for (let k = 0; k < count; k++) this.state[k] = mix32(seed >>> 0, first + k);
  }

  /** The next number in [0, 1) of charge point `index` (mulberry32). */
  next(index: number): number {
    const k = index - this.first;
    const s = (this.state[k]! + 0x6d2b79f5) >>> 0;
    this.state[k] = s;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** A number in [min, max] of charge point `index`. */
  between(index: number, min: number, max: number): number {
    return min + (max - min) * this.next(index);
  }
}

/** A seed when none is given: printed in the report so the run can be repeated. */
export function freshSeed(): number {
  return Math.floor(Math.random() * 2 ** 31);
}
