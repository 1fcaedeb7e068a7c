// Starts Debian's nginx on loopback as a round-robin reverse proxy in front of some upstream ports (tests, bench):
// its config, logs, pid and temp files live in a temp dir of its own; it sets X-Forwarded-For as a real edge does.
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.ts';
import { startChild, stopChild, waitUntil } from './child-process.ts';

export interface TestNginx {
  baseURL: string;
  port: number;
  child: ChildProcess;
  /** What nginx wrote to its error log (e.g. which upstream failed). */
  errorLog(): string;
  stop(): Promise<void>;
}

const NGINX = process.env.NGINX ?? (process.platform === 'linux' ? '/usr/sbin/nginx' : 'nginx');

export async function startNginx(upstreamPorts: number[]): Promise<TestNginx> {
  const dir = mkdtempSync(join(tmpdir(), 'hd-nginx-'));
  for (const d of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(dir, d));
  const port = await freePort();
  const conf = `
daemon off;
master_process on;
worker_processes 1;
${process.getuid?.() === 0 ? 'user root;' : ''}
error_log ${dir}/error.log warn;
pid ${dir}/nginx.pid;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  upstream helpdesk {
${upstreamPorts.map((p) => `    server 127.0.0.1:${p} max_fails=0;`).join('\n')}
    keepalive 32;
  }
  server {
    listen 127.0.0.1:${port};
    client_max_body_size 30m;
    location / {
      proxy_pass http://helpdesk;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      # Server-Sent Events: pass each event on at once, and let a stream stay open.
      proxy_buffering off;
      proxy_read_timeout 1h;
    }
  }
}
`;
  const confPath = join(dir, 'nginx.conf');
  writeFileSync(confPath, conf);
  const c = startChild(NGINX, ['-p', dir, '-c', confPath], { hint: 'install nginx' });
  const { child } = c;
  const baseURL = `http://127.0.0.1:${port}`;
  const errorLog = () => {
    try {
      return readFileSync(join(dir, 'error.log'), 'utf8');
    } catch {
      return '';
    }
  };
  await waitUntil(
    'nginx',
    c,
    async () => (await fetch(`${baseURL}/livez`)).ok,
    () => `\n${errorLog()}`,
  );
  return {
    baseURL,
    port,
    child,
    errorLog,
    async stop() {
      // SIGQUIT would wait for open streams; the test is over, so stop at once.
      await stopChild(c, 'SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
