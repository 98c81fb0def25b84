import type { Page } from '@playwright/test';

/**
 * Markup an attacker could put into twin ids, property values, model names and relationship ids. Each payload, if it
 * ever ran, would set `window.__pwned`; each is also recognisable as an element or attribute the app never creates.
 */
export const HOSTILE = {
  img: '<img src=x onerror=window.__pwned="img">',
  script: '<script>window.__pwned="script"</script>',
  style: '</style><style>body{display:none!important}</style>',
  svg: '<svg onload=window.__pwned="svg">',
  iframe: '"><iframe srcdoc="<script>parent.__pwned=1</script>">',
  jsUrl: 'javascript:window.__pwned="href"',
  anchor: '<a href="javascript:window.__pwned=1" onmouseover=window.__pwned=1>click</a>',
} as const;

/**
 * Installs, before any page script runs, a watcher that records every element the page adds that an injection would
 * create: inline scripts, frames, objects, elements with on* handler attributes, javascript: links, and style
 * elements carrying our payload. Dialogs (alert/confirm/prompt) are recorded and dismissed.
 */
export async function installTripwires(page: Page): Promise<{ dialogs: string[] }> {
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  await page.addInitScript(() => {
    const found: string[] = [];
    (window as unknown as { __injected: string[] }).__injected = found;
    const check = (el: Element) => {
      const tag = el.tagName.toLowerCase();
      const handlers = [...el.attributes].filter((a) => /^on/i.test(a.name)).map((a) => a.name);
      if (handlers.length) found.push(`<${tag} ${handlers.join(' ')}>`);
      if (tag === 'script' && !el.getAttribute('src')) found.push('<script> inline');
      if (tag === 'iframe' || tag === 'object' || tag === 'embed') found.push(`<${tag}>`);
      if (/^\s*javascript:/i.test(el.getAttribute('href') ?? '')) found.push(`<${tag} href=javascript:>`);
      if (tag === 'style' && /display:none!important/.test(el.textContent ?? '')) found.push('<style> payload');
    };
    new MutationObserver((records) => {
      for (const r of records) {
        for (const node of r.addedNodes) {
          if (!(node instanceof Element)) continue;
          check(node);
          node.querySelectorAll('*').forEach(check);
        }
        if (r.type === 'attributes' && r.target instanceof Element) check(r.target);
      }
    }).observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['onerror', 'onload', 'onmouseover', 'onclick', 'href', 'srcdoc'] });
  });
  return { dialogs };
}

/** What the tripwires saw: anything but `{ pwned: undefined, injected: [] }` means markup was interpreted. */
export function tripwireReport(page: Page): Promise<{ pwned: unknown; injected: string[] }> {
  return page.evaluate(() => {
    const w = window as unknown as { __pwned?: unknown; __injected: string[] };
    return { pwned: w.__pwned, injected: [...w.__injected] };
  });
}

/**
 * Serves index.html without its Content-Security-Policy meta, so that a rendering bug would really execute: the
 * untrusted-data tests must prove the rendering safe on its own, not lean on the CSP. Returns whether the meta
 * was found and removed (so a renamed policy cannot make this silently do nothing).
 */
export async function withoutCsp(page: Page): Promise<() => boolean> {
  let stripped = false;
  await page.route((url) => url.pathname === '/' || url.pathname.endsWith('/index.html'), async (route) => {
    if (route.request().resourceType() !== 'document') return route.fallback();
    const response = await route.fetch();
    const html = await response.text();
    const without = html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/i, '');
    stripped = without !== html;
    await route.fulfill({ response, body: without });
  });
  return () => stripped;
}
