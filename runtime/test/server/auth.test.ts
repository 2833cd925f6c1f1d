/** The browser-facing checks as functions: Host names, Origins, upload headers. */
import { describe, expect, it } from 'vitest';
import { hasNonSimpleHeader, hostAllowed, hostName, originAllowed } from '../../src/server/auth.js';

describe('hostAllowed', () => {
  it('takes IP addresses, localhost and the listed names, with or without a port', () => {
    for (const host of ['127.0.0.1', '127.0.0.1:8765', '10.0.0.7:80', '[::1]:8765', 'localhost', 'LocalHost:1', 'app.localhost', 'charts.example.org:443']) {
      expect(hostAllowed(host, ['charts.example.org']), host).toBe(true);
    }
    for (const host of ['evil.example', 'charts.example.org.evil.example', 'localhost.evil.example', 'example.org', '']) {
      expect(hostAllowed(host, ['charts.example.org']), host).toBe(false);
    }
    expect(hostAllowed('anything.example', ['*'])).toBe(true);
    expect(hostAllowed(undefined, [])).toBe(true);
    expect(hostName('[::1]:80')).toBe('::1');
  });
});

describe('originAllowed', () => {
  it('takes no Origin, loopback origins, the own origin and listed ones', () => {
    expect(originAllowed(undefined, [])).toBe(true);
    expect(originAllowed('http://localhost:8501', [])).toBe(true);
    expect(originAllowed('https://charts.example.org', [], 'charts.example.org')).toBe(true);
    expect(originAllowed('https://charts.example.org', [], 'other.example.org')).toBe(false);
    expect(originAllowed('https://app.example.com', ['https://app.example.com'])).toBe(true);
    expect(originAllowed('https://evil.example', ['https://app.example.com'])).toBe(false);
    expect(originAllowed('null', [])).toBe(false);
    expect(originAllowed('chrome-extension://abc', [])).toBe(false);
    expect(originAllowed('https://evil.example', ['*'])).toBe(true);
  });
});

describe('hasNonSimpleHeader', () => {
  it('asks for a token header or a Content-Type a form cannot send', () => {
    expect(hasNonSimpleHeader({ contentType: 'application/octet-stream' })).toBe(true);
    expect(hasNonSimpleHeader({ contentType: 'text/csv' })).toBe(true);
    expect(hasNonSimpleHeader({ authorization: 'Bearer x', contentType: 'text/plain' })).toBe(true);
    expect(hasNonSimpleHeader({ token: 'x' })).toBe(true);
    for (const contentType of [undefined, '', 'text/plain', 'TEXT/PLAIN; charset=utf-8', 'multipart/form-data; boundary=1', 'application/x-www-form-urlencoded']) {
      expect(hasNonSimpleHeader({ contentType }), String(contentType)).toBe(false);
    }
  });
});
