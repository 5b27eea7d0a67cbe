// A mailbox for the browser tests: a small SMTP server speaking what a relay client sends
// (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT; RFC 5321), keeping each message's decoded
// text, so a test reads the mail the server really sent through its delivery worker.

import net from 'node:net';

/** The text of a single-part message: its body decoded from base64 or quoted-printable. */
function decode(raw) {
  const split = raw.indexOf('\n\n');
  const head = raw.slice(0, split);
  const body = raw.slice(split + 2);
  const encoding = /^content-transfer-encoding:\s*(\S+)/im.exec(head)?.[1]?.toLowerCase();
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') {
    const bytes = body.replace(/=\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, h) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}

export async function startMailbox() {
  const messages = [];
  const server = net.createServer((socket) => {
    socket.setEncoding('latin1');
    let buffer = '';
    let data = null;
    let to = [];
    const reply = (line) => socket.write(`${line}\r\n`);
    reply('220 mailbox ESMTP');
    socket.on('data', (chunk) => {
      buffer += chunk;
      for (let nl = buffer.indexOf('\r\n'); nl !== -1; nl = buffer.indexOf('\r\n')) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 2);
        if (data !== null) {
          if (line === '.') {
            messages.push({ to, text: decode(data) });
            data = null;
            to = [];
            reply('250 kept');
          } else {
            data += `${line.startsWith('..') ? line.slice(1) : line}\n`;
          }
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO') socket.write('250-mailbox\r\n250 8BITMIME\r\n');
        else if (['HELO', 'MAIL', 'RSET', 'NOOP'].includes(verb)) reply('250 OK');
        else if (verb === 'RCPT') {
          to.push(line.slice(line.indexOf(':') + 1).trim().replace(/[<>]/g, ''));
          reply('250 OK');
        } else if (verb === 'DATA') {
          data = '';
          reply('354 end with .');
        } else if (verb === 'QUIT') {
          reply('221 bye');
          socket.end();
        } else reply('502 not implemented');
      }
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `smtp://127.0.0.1:${server.address().port}`,
    messages,
    /** The first message to `address`, waiting for the server's delivery worker to send it. */
    async waitFor(address, timeoutMs = 20_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const found = messages.find((m) => m.to.includes(address));
        if (found) return found;
        if (Date.now() > until) throw new Error(`no mail to ${address} within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
