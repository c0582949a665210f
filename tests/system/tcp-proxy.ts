import net from 'node:net';

/**
 * A TCP proxy in front of a real server, so a test can take a dependency's network away while
 * the server itself keeps running: `cut` refuses new connections and drops open ones; `blackhole`
 * keeps every connection open but lets no byte through, as a dead route or a frozen host would.
 */
export async function tcpProxy(targetPort: number, targetHost = '127.0.0.1') {
  const open = new Set<net.Socket>();
  let silent = false;
  const server = net.createServer((client) => {
    open.add(client);
    client.on('error', () => {});
    client.on('close', () => open.delete(client));
    if (silent) return;
    const upstream = net.connect(targetPort, targetHost);
    open.add(upstream);
    upstream.on('error', () => {});
    upstream.on('close', () => {
      open.delete(upstream);
      client.destroy();
    });
    client.on('close', () => upstream.destroy());
    client.on('data', (d) => {
      if (!silent) upstream.write(d);
    });
    upstream.on('data', (d) => {
      if (!silent) client.write(d);
    });
  });
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
  await listen(0);
  const port = (server.address() as net.AddressInfo).port;
  const dropAll = () => {
    for (const s of open) s.destroy();
  };
  return {
    port,
    async cut() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        dropAll();
      });
    },
    blackhole() {
      silent = true;
    },
    /** Back to normal after either; blackholed connections are dropped, as a recovered network would reset them. */
    async restore() {
      if (silent) {
        silent = false;
        dropAll();
      } else {
        await listen(port);
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        dropAll();
        server.close(() => resolve());
      }),
  };
}
