import { describe, expect, it } from 'vitest';
import { checkFile, cleanFileName, contentDisposition } from './file-policy.ts';
import { makeZip } from './zip-fixture.ts';

const enc = new TextEncoder();
const PDF = enc.encode('%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF');
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5b8e1f70000000049454e44ae426082',
  'hex',
);
const DOCX = makeZip({
  '[Content_Types].xml':
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
  'word/document.xml': '<w/>',
});
const ELF = new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0x3e, 0]);

describe('checkFile', () => {
  it.each([
    ['规范.pdf', PDF, 'application/pdf'],
    ['sample.PNG', PNG, 'image/png'],
    ['guide.docx', DOCX, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['samples.zip', makeZip({ 'a.json': '{}' }), 'application/zip'],
    ['readme.md', enc.encode('# 标注规范\n每张图框选车辆。'), 'text/markdown; charset=utf-8'],
    ['labels.csv', enc.encode('id,label\n1,car\n'), 'text/csv; charset=utf-8'],
  ])('accepts %s', async (name, data, type) => {
    expect(await checkFile(name, data)).toEqual({ ok: true, contentType: type });
  });

  it.each([
    ['a PDF named .png', 'x.png', PDF],
    ['a ZIP named .docx', 'x.docx', makeZip({ 'a.txt': 'x' })],
    ['an executable', 'tool.pdf', ELF],
    ['an executable named .txt', 'notes.txt', ELF],
    ['HTML named .html', 'page.html', enc.encode('<html><script>alert(1)</script></html>')],
    ['binary junk named .csv', 'data.csv', new Uint8Array([0xff, 0xfe, 0x00, 0x01, 0x02])],
    ['text without an accepted extension', 'run.sh', enc.encode('rm -rf /\n')],
  ])('refuses %s', async (_, name, data) => {
    expect((await checkFile(name, data)).ok).toBe(false);
  });
});

describe('file names', () => {
  it('keeps only the base name, without control characters', () => {
    expect(cleanFileName('../../etc/passwd')).toBe('passwd');
    expect(cleanFileName('C:\\Users\\x\\标注规范.pdf')).toBe('标注规范.pdf');
    expect(cleanFileName('a\u0000b"\n.pdf')).toBe('ab.pdf');
    expect(cleanFileName('..')).toBe('file');
  });
  it('makes an attachment disposition with a UTF-8 name', () => {
    expect(contentDisposition('标注规范 v2.pdf')).toBe(
      `attachment; filename="____ v2.pdf"; filename*=UTF-8''%E6%A0%87%E6%B3%A8%E8%A7%84%E8%8C%83%20v2.pdf`,
    );
  });
  it.each([
    ['中文 (1).txt', `filename="__ (1).txt"; filename*=UTF-8''%E4%B8%AD%E6%96%87%20%281%29.txt`],
    ["it's*.pdf", `filename="it's*.pdf"; filename*=UTF-8''it%27s%2A.pdf`],
  ])('encodes %s with attr-chars only (RFC 8187)', (name, expected) => {
    const header = contentDisposition(name);
    expect(header).toBe(`attachment; ${expected}`);
    const value = header.split("filename*=UTF-8''")[1] ?? '';
    // attr-char = ALPHA / DIGIT / "!" / "#" / "$" / "&" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~"
    expect(value).toMatch(/^(?:[A-Za-z0-9!#$&+\-.^_`|~]|%[0-9A-F]{2})+$/);
    expect(decodeURIComponent(value)).toBe(name);
  });
});
