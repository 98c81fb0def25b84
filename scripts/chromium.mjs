// One place that knows where Debian's Chromium lives; Playwright never downloads a browser in this project.
import { existsSync } from 'node:fs';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const chromiumMissingMessage = `Chromium not found at ${chromiumPath}: install it with \`apt-get install -y chromium\` (as root), or set CHROMIUM_PATH.`;

export function hasChromium() {
  return existsSync(chromiumPath);
}
