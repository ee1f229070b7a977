import type { FastifyReply, FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { problemBody } from './problem';

const PROBLEM_TYPE = 'application/problem+json; charset=utf-8';

/**
 * What Fastify answers itself before any route (a URL it cannot decode), as problem details like every other
 * error. The Nest exception filter never sees these.
 */
export function frameworkErrors(_error: Error, _request: FastifyRequest, reply: FastifyReply): void {
  void reply
    .status(400)
    .header('content-type', PROBLEM_TYPE)
    .send(problemBody(400, 'bad-url', '不正なリクエストです', 'URLの形式が正しくありません。'));
}

/**
 * What Node's HTTP parser refuses before Fastify sees a request: headers over the size limit (431) or a request
 * that is not HTTP at all (400). The answer is written to the socket directly, as problem details.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
  const detail =
    status === 431
      ? 'リクエストヘッダーが大きすぎます（Cookie が多すぎる可能性があります）。'
      : 'HTTP リクエストとして読み取れません。';
  const body = JSON.stringify(
    problemBody(status, status === 431 ? 'headers-too-large' : 'bad-request', '不正なリクエストです', detail),
  );
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: ${PROBLEM_TYPE}\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
