/** A page number that is not one: the view answers 400. */
export class BadPage extends Error {}

/**
 * The page a `?page=` value asks for, among `pages`: absent means 1; anything but decimal
 * digits (`1e20`, `Infinity`, `0.5`, `-1`, `0`, `x`) is a BadPage; a number past the last
 * page, however large, means the last page (as Django's Paginator.get_page).
 */
export function pageNumber(raw: unknown, pages: number): number {
  if (raw === undefined) return 1
  if (typeof raw !== 'string' || !/^[0-9]{1,20}$/.test(raw)) throw new BadPage()
  const page = Number(raw)
  if (page < 1) throw new BadPage()
  return Math.min(page, pages)
}

/**
 * The pages to link around `page`: the first, the last, and `radius` on each side; null
 * marks a gap. At most 2 * radius + 5 entries, however many pages there are.
 */
export function pageWindow(page: number, pages: number, radius = 2): (number | null)[] {
  const from = Math.max(1, page - radius)
  const to = Math.min(pages, page + radius)
  const shown: (number | null)[] = []
  if (from > 1) shown.push(1)
  if (from > 3) shown.push(null)
  else if (from === 3) shown.push(2)
  for (let p = from; p <= to; p++) shown.push(p)
  if (to < pages - 2) shown.push(null)
  else if (to === pages - 2) shown.push(pages - 1)
  if (to < pages) shown.push(pages)
  return shown
}
