// PDF download: the single-file HTML download (exporters/html.ts) printed by the system's
// chromium through playwright-core, on A5 pages with margins, page numbers and a bookmark outline
// from the headings. Only where a browser is installed: pdfAvailable() says whether, and the
// download links and routes ask it before offering a PDF.
//
// One headless browser is shared by every render and closed after a quiet minute, so a burst of
// downloads pays the browser's start-up once and an idle server holds no browser. Pages render
// with JavaScript off and every network request refused: the HTML is self-contained, and a
// server must not fetch what a work's markup points at.
//
// playwright-core is a devDependency (the browser tests use it), so it is imported only when a
// PDF is asked for; a production install without it simply offers no PDF.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser } from 'playwright-core';
import { readSetting } from '../config.ts';

export const CHROMIUM_PATH = readSetting('chromiumPath');

// The flags of e2e/browser.ts: headless as root, and nothing that reaches for the network.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const IDLE_MS = 60_000;
/** Renders at once; more wait their turn, so a burst of PDF requests cannot exhaust memory. */
const MAX_CONCURRENT = 2;
const RENDER_TIMEOUT_MS = 180_000;

let available: boolean | undefined;

/** Whether this server can make PDFs: a chromium at CHROMIUM_PATH and playwright-core installed. */
export function pdfAvailable(): boolean {
  if (available === undefined) {
    let playwright = true;
    try {
      createRequire(import.meta.url).resolve('playwright-core');
    } catch {
      playwright = false;
    }
    available = playwright && existsSync(CHROMIUM_PATH);
  }
  return available;
}

export class PdfUnavailableError extends Error {
  constructor() {
    super(
      `PDF downloads need chromium on the server (looked for ${CHROMIUM_PATH}); EPUB, HTML and text downloads are available`,
    );
  }
}

let browser: Promise<Browser> | null = null;
let idleTimer: NodeJS.Timeout | null = null;
let active = 0;
const queue: (() => void)[] = [];

async function acquire(): Promise<Browser> {
  if (active >= MAX_CONCURRENT) await new Promise<void>((resolve) => queue.push(resolve));
  active++;
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = null;
  try {
    // A browser that crashed or was closed under us is replaced.
    if (browser && !(await browser.catch(() => null))?.isConnected()) browser = null;
    browser ??= import('playwright-core').then(({ chromium }) =>
      chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS }),
    );
    return await browser;
  } catch (e) {
    browser = null;
    release();
    throw e;
  }
}

function release(): void {
  active--;
  const next = queue.shift();
  if (next) next();
  else if (active === 0) {
    idleTimer = setTimeout(() => void closePdfRenderer(), IDLE_MS);
    idleTimer.unref();
  }
}

/** Closes the shared browser now (tests, shutdown); the next render starts a new one. */
export async function closePdfRenderer(): Promise<void> {
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = null;
  const b = browser;
  browser = null;
  if (b) await b.then((x) => x.close()).catch(() => undefined);
}

export interface PdfOptions {
  /** A5 (the default) reads well on a tablet and prints two to a sheet; Letter for US paper. */
  format?: 'A5' | 'Letter';
}

/** A PDF of a self-contained HTML page (exporters/html.ts output). */
export async function renderPdf(html: string, opts: PdfOptions = {}): Promise<Uint8Array> {
  if (!pdfAvailable()) throw new PdfUnavailableError();
  const b = await acquire();
  try {
    const context = await b.newContext({ javaScriptEnabled: false, offline: true, colorScheme: 'light' });
    try {
      const page = await context.newPage();
      page.setDefaultTimeout(RENDER_TIMEOUT_MS);
      await page.route('**/*', (route) => route.abort());
      await page.setContent(html, { waitUntil: 'load' });
      const pdf = await page.pdf({
        format: opts.format ?? 'A5',
        margin: { top: '16mm', bottom: '18mm', left: '15mm', right: '15mm' },
        displayHeaderFooter: true,
        headerTemplate: '<span></span>',
        footerTemplate:
          '<div style="width:100%;font-size:8px;text-align:center;color:#555"><span class="pageNumber"></span> / <span class="totalPages"></span></div>',
        outline: true,
        tagged: true,
      });
      return new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
    } finally {
      await context.close();
    }
  } finally {
    release();
  }
}
