/**
 * A scripted browser for OAuth flows: a cookie jar per origin, redirects followed by hand, and the forms of
 * `oidc-provider`'s development login and consent pages and of the gateway's own consent page filled in.
 */

export interface Browsed {
  /** Where it stopped: a URL `stopAt` accepted, or a page with no form it knows. */
  url: URL;
  status: number;
  html: string;
}

/** Where a page's (first) form posts, as a browser resolves its `action` against the page's URL. */
function actionOf(html: string, url: string): string {
  const action = /<form [^>]*action="([^"]*)"/.exec(html)?.[1];
  if (action === undefined) throw new Error(`the page at ${url} has no form action`);
  return new URL(action.replaceAll('&amp;', '&'), url).toString();
}

export async function browse(
  start: URL | string,
  user: string,
  stopAt: (url: string) => boolean = () => false,
  /** Collects the gateway's own consent pages as they were shown. */
  consentPages: string[] = [],
): Promise<Browsed> {
  const cookies = new Map<string, string>();
  const send = async (url: string, init: RequestInit = {}) => {
    const origin = new URL(url).origin;
    const jar = [...cookies]
      .filter(([key]) => key.startsWith(`${origin} `))
      .map(([key, value]) => `${key.split(' ')[1]}=${value}`);
    const response = await fetch(url, {
      ...init,
      redirect: 'manual',
      signal: AbortSignal.timeout(10_000),
      headers: {
        ...(init.headers as Record<string, string>),
        ...(jar.length > 0 ? { cookie: jar.join('; ') } : {}),
      },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair!.indexOf('=');
      cookies.set(`${origin} ${pair!.slice(0, at)}`, pair!.slice(at + 1));
    }
    return response;
  };
  const form = (url: string, body: string) =>
    send(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
  let url = start.toString();
  for (let step = 0; step < 20; step++) {
    if (stopAt(url)) return { url: new URL(url), status: 0, html: '' };
    const response = await send(url);
    const location = response.headers.get('location');
    if (location !== null) {
      url = new URL(location, url).toString();
      continue;
    }
    const html = await response.text();
    let next: Response;
    if (html.includes('name="vault-flow"')) {
      // the gateway's page before it connects an upstream account
      const flow = /name="vault-flow" value="([^"]+)"/.exec(html)?.[1] ?? '';
      next = await form(actionOf(html, url), new URLSearchParams({ 'vault-flow': flow }).toString());
    } else if (html.includes('name="prompt" value="login"')) {
      next = await form(
        url,
        new URLSearchParams({ prompt: 'login', login: user, password: 'any' }).toString(),
      );
    } else if (html.includes('name="prompt" value="consent"')) {
      next = await form(url, 'prompt=consent');
    } else if (html.includes('name="flow"')) {
      // the gateway's own consent page
      consentPages.push(html);
      const flow = /name="flow" value="([^"]+)"/.exec(html)?.[1] ?? '';
      next = await form(actionOf(html, url), new URLSearchParams({ flow, decision: 'allow' }).toString());
    } else {
      return { url: new URL(url), status: response.status, html };
    }
    url = new URL(next.headers.get('location') ?? url, url).toString();
  }
  throw new Error('too many steps');
}
