/**
 * A minimal SMTP server that answers every RCPT TO with `code` (550: a permanent rejection, 450: a
 * temporary one): a real SMTP conversation with nodemailer, for the answers maildev never gives.
 */
export function refusingSmtp(code: number) {
  const buffers = new WeakMap<object, string>();
  const server = Bun.listen({
    hostname: '127.0.0.1',
    port: 0,
    socket: {
      open(s) {
        buffers.set(s, '');
        s.write('220 refusing.test ESMTP\r\n');
      },
      data(s, chunk) {
        let buf = (buffers.get(s) ?? '') + chunk.toString();
        let at = buf.indexOf('\r\n');
        while (at >= 0) {
          const verb = buf.slice(0, at).slice(0, 4).toUpperCase();
          buf = buf.slice(at + 2);
          if (verb === 'EHLO') s.write('250-refusing.test\r\n250 8BITMIME\r\n');
          else if (verb === 'HELO' || verb === 'MAIL' || verb === 'RSET' || verb === 'NOOP') s.write('250 OK\r\n');
          else if (verb === 'RCPT') s.write(`${code} ${code >= 500 ? '5.1.1 no such mailbox' : '4.2.1 try later'}\r\n`);
          else if (verb === 'QUIT') {
            s.write('221 bye\r\n');
            s.end();
          } else s.write('502 5.5.1 not implemented\r\n');
          at = buf.indexOf('\r\n');
        }
        buffers.set(s, buf);
      },
    },
  });
  return { url: `smtp://127.0.0.1:${server.port}`, stop: () => server.stop(true) };
}
