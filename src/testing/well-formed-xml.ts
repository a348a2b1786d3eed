// For tests of what we write as XML (feeds, EPUB packages and chapters): a strict well-formedness
// check, enough to catch escaping mistakes without a full XML parser.
import assert from 'node:assert/strict';

/**
 * Tags nest and close, one root element, no duplicate attributes; text and attribute values hold
 * only XML's own entities, no raw `<` and no control characters. An XML declaration and an HTML
 * doctype before the root are skipped. `name` says which document failed.
 */
export function assertWellFormedXml(doc: string, name = 'document'): void {
  const body = doc.replace(/^<\?xml[^?]*\?>\s*/, '').replace(/^<!DOCTYPE html>\s*/, '');
  const badEntity = /&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/;
  const tag = /<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[A-Za-z_][\w:.-]*\s*=\s*"[^"<]*")*)\s*(\/?)>/y;
  const stack: string[] = [];
  let roots = 0;
  let k = 0;
  while (k < body.length) {
    const lt = body.indexOf('<', k);
    const text = body.slice(k, lt < 0 ? body.length : lt);
    assert.ok(!badEntity.test(text), `${name}: bad entity in text ${JSON.stringify(text.slice(0, 80))}`);
    assert.ok(!/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.test(text), `${name}: control characters in text`);
    if (stack.length === 0) assert.match(text, /^\s*$/, `${name}: text outside the root element`);
    if (lt < 0) break;
    tag.lastIndex = lt;
    const m = tag.exec(body);
    assert.ok(m, `${name}: malformed markup at ${JSON.stringify(body.slice(lt, lt + 80))}`);
    const [, closing, tagName, attrs, selfClosing] = m;
    assert.ok(!badEntity.test(attrs!), `${name}: bad entity in attributes of <${tagName}>`);
    const names = [...attrs!.matchAll(/([\w:.-]+)\s*=/g)].map((a) => a[1]);
    assert.equal(new Set(names).size, names.length, `${name}: duplicate attribute on <${tagName}>`);
    if (closing) assert.equal(stack.pop(), tagName, `${name}: </${tagName}> closes the wrong element`);
    else if (!selfClosing) {
      if (stack.length === 0) roots++;
      stack.push(tagName!);
    } else if (stack.length === 0) roots++;
    k = tag.lastIndex;
  }
  assert.deepEqual(stack, [], `${name}: unclosed elements`);
  assert.equal(roots, 1, `${name}: one root element`);
}
