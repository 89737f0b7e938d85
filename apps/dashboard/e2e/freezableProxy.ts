import { connect, createServer, type Socket } from 'node:net';

/**
 * A TCP proxy in front of the server that can go silent without closing anything, like a network that stops
 * carrying packets: while frozen, bytes in both directions and new connections wait; thawing delivers them.
 */
export interface FreezableProxy {
  url: string;
  freeze(): void;
  thaw(): void;
  close(): Promise<void>;
}

export async function startFreezableProxy(targetUrl: string): Promise<FreezableProxy> {
  const target = new URL(targetUrl);
  let frozen = false;
  let held: (() => void)[] = [];
  const sockets = new Set<Socket>();
  const later = (run: () => void) => (frozen ? held.push(run) : run());
  const targetHost = target.host;
  let ownHost = '';

  const server = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    later(() => {
      const upstream = connect(Number(target.port), target.hostname);
      sockets.add(upstream);
      upstream.on('close', () => sockets.delete(upstream));
      // The server answers only its own Host and Origin (DNS rebinding, CSRF): requests name it, not the proxy.
      client.on('data', (d) => later(() => upstream.write(Buffer.from(d.toString('latin1').replaceAll(ownHost, targetHost), 'latin1'))));
      upstream.on('data', (d) => later(() => client.write(d)));
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('proxy has no TCP address');
  ownHost = `127.0.0.1:${address.port}`;
  return {
    url: `http://127.0.0.1:${address.port}`,
    freeze: () => {
      frozen = true;
    },
    thaw: () => {
      frozen = false;
      const waiting = held;
      held = [];
      for (const run of waiting) run();
    },
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
