/**
 * Environments carry a colour the user picks (say, red for production), and the badge shows text on it. Neither a
 * fixed white nor a fixed black is readable on every colour, so the text takes whichever contrasts more (WCAG 2
 * relative luminance). Colours that are not hex (a CSS variable, a name) get undefined: the stylesheet decides.
 */
export function readableTextOn(background: string): '#000000' | '#ffffff' | undefined {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(background.trim())?.[1];
  if (!hex) return undefined;
  const full = hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex;
  const [r, g, b] = [0, 2, 4].map((i) => {
    const c = parseInt(full.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  // Contrast with white is 1.05 / (L + 0.05), with black (L + 0.05) / 0.05.
  return 1.05 / (luminance + 0.05) >= (luminance + 0.05) / 0.05 ? '#ffffff' : '#000000';
}
