/**
 * Geometry of the safety circles (veilige cirkels): the children in the middle, then who knows
 * all the worries, who knows part, who knows nothing; outside the circles, who is not placed yet.
 * Pure, so dragging and drawing agree on where each circle is.
 */
export type Circle = 'all' | 'part' | 'none';

export const VIEW = { width: 400, height: 500, cx: 200, cy: 200 } as const;
/** Outer radius of each band; the children's disc is inside CHILD_R. */
export const CHILD_R = 48;
export const RADII: Record<Circle, number> = { all: 100, part: 150, none: 196 };
const INNER: Record<Circle, number> = { all: CHILD_R, part: RADII.all, none: RADII.part };
/** The strip below the circles for people with no circle chosen. */
export const UNSET_Y = 448;

/** The circle a point (in view coordinates) falls in; null outside all circles (not chosen). */
export function circleAt(x: number, y: number): Circle | null {
  const d = Math.hypot(x - VIEW.cx, y - VIEW.cy);
  if (d <= RADII.all) return 'all';
  if (d <= RADII.part) return 'part';
  if (d <= RADII.none) return 'none';
  return null;
}

/** Where the i-th of n people in a circle sits: spread evenly on the middle of the band. */
export function placeInCircle(circle: Circle | null, i: number, n: number): { x: number; y: number } {
  if (circle === null) {
    const step = VIEW.width / (n + 1);
    return { x: step * (i + 1), y: UNSET_Y };
  }
  const r = (INNER[circle] + RADII[circle]) / 2;
  // Spread around the band away from its label at the top; each band turned a little, so names in
  // neighbouring bands do not line up on top of each other.
  const step = 360 / Math.max(1, n);
  const turn = { all: 0, part: 70, none: 140 }[circle];
  const a = ((-90 + step / 2 + turn + step * i) * Math.PI) / 180;
  return { x: VIEW.cx + r * Math.cos(a), y: VIEW.cy + r * Math.sin(a) };
}
