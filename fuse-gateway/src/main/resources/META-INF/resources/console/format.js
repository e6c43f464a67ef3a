// Figures as an operator reads them: sizes in SI units (1 MB = 10^6 bytes, as tape capacities are quoted), times in
// the browser's locale.

const UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];

/** "1.5 GB" for 1500000000; "0 B" for 0 or a missing figure. */
export function bytes(count) {
  let value = Number(count) || 0;
  let unit = 0;
  while (Math.abs(value) >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  return (unit === 0 ? String(value) : value.toFixed(value < 10 ? 2 : 1)) + ' ' + UNITS[unit];
}

/** A percentage of part in whole, 0..100, for widths; 0 when whole is 0. */
export function percent(part, whole) {
  if (!whole) return 0;
  return Math.max(0, Math.min(100, (100 * part) / whole));
}

/** An ISO-8601 instant as local date and time; "" for null. */
export function time(instant) {
  if (!instant) return '';
  const date = new Date(instant);
  return Number.isNaN(date.getTime()) ? String(instant) : date.toLocaleString();
}

/** Creates an element with attributes (class, text, data-*, aria-*, ...) and children. */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'text') {
      node.textContent = value;
    } else if (name === 'class') {
      node.className = value;
    } else if (name.startsWith('on')) {
      node.addEventListener(name.slice(2), value);
    } else {
      node.setAttribute(name, value === true ? '' : String(value));
    }
  }
  for (const child of children) {
    if (child !== null && child !== undefined && child !== false) {
      node.append(child);
    }
  }
  return node;
}
