import {
  EmailPreferences, OutboxMailDetail, OutboxMailList, OutboxQuery, ResubscribeRequest, UnsubscribeRequest, UnsubscribeResult, UnsubscribeToken,
  UpdateEmailPreferences,
} from '@annex/contracts';
import { createRoute, z } from '@hono/zod-openapi';
import { authenticated, requireAuth } from '../middleware/session.ts';
import { PathId, WRITE_PROBLEMS, createRouter, jsonBody, jsonResponse, named, problems, sessionSecurity } from '../openapi.ts';
import * as cases from '../use-cases/email.ts';
import type { Deps } from '../use-cases/context.ts';
import { secretariatOnly } from './admin.routes.ts';

const own = { tags: ['e-mail'], security: sessionSecurity, middleware: authenticated };
const link = { tags: ['e-mail'] };
const Preferences = named(EmailPreferences, 'EmailPreferences');
const Unsubscribed = named(UnsubscribeResult, 'UnsubscribeResult');

const getPreferences = createRoute({
  ...own, method: 'get', path: '/me/email', operationId: 'getEmailPreferences',
  summary: '我的邮件通知设置 · My e-mail settings',
  description: '邮件语言，以及每类通知的邮件方式（off 不发送、immediate 立即、digest 每日摘要）及其默认值。\n\n' +
    'The language of my e-mails and, for every kind of notification, how it goes by e-mail (off, immediate, digest) beside the default.',
  responses: { 200: jsonResponse(Preferences, 'The settings'), ...problems(401) },
});

const putPreferences = createRoute({
  ...own, method: 'put', path: '/me/email', operationId: 'updateEmailPreferences',
  summary: '修改我的邮件通知设置 · Change my e-mail settings',
  description: '只改给出的语言和通知类型，其余不变。\n\nChanges the language and the kinds given; the others keep theirs.',
  request: { body: jsonBody(named(UpdateEmailPreferences, 'UpdateEmailPreferences')) },
  responses: { 200: jsonResponse(Preferences, 'The settings afterwards'), ...problems(...WRITE_PROBLEMS, 401) },
});

const unsubscribe = createRoute({
  ...link, method: 'post', path: '/email/unsubscribe', operationId: 'unsubscribeEmail',
  summary: '通过邮件中的链接退订 · Unsubscribe by an e-mail\'s link',
  description: '无需登录：链接中的令牌经签名，指明用户和通知类型；每日摘要的链接关闭摘要中的所有类型。重复调用无副作用。\n\n' +
    'No sign-in: the link\'s token is signed and names the user and the kind; the daily digest\'s link turns off every kind in the ' +
    'digest. Repeating it changes nothing.',
  request: { body: jsonBody(named(UnsubscribeRequest, 'UnsubscribeRequest')) },
  responses: { 200: jsonResponse(Unsubscribed, 'What was turned off'), ...problems(...WRITE_PROBLEMS, 404) },
});

const oneClick = createRoute({
  ...link, method: 'post', path: '/email/one-click-unsubscribe', operationId: 'unsubscribeEmailOneClick',
  summary: '邮件客户端的一键退订 · One-click unsubscribe of mail clients (RFC 8058)',
  description: '邮件头 List-Unsubscribe 指向此地址，邮件客户端以 `List-Unsubscribe=One-Click` 表单提交；不检查 Origin、不读取请求体。\n\n' +
    'The List-Unsubscribe header points here; mail clients POST the form `List-Unsubscribe=One-Click`. No Origin check, the body is not read.',
  request: { query: z.object({ t: UnsubscribeToken }) },
  responses: { 200: jsonResponse(Unsubscribed, 'What was turned off'), ...problems(400, 404) },
});

const resubscribe = createRoute({
  ...link, method: 'post', path: '/email/resubscribe', operationId: 'resubscribeEmail',
  summary: '重新开启已退订的邮件 · Turn an unsubscribed kind on again',
  description: '使用同一链接的令牌，无需登录。\n\nWith the same link\'s token, no sign-in.',
  request: { body: jsonBody(named(ResubscribeRequest, 'ResubscribeRequest')) },
  responses: { 200: jsonResponse(Unsubscribed, 'What is on again'), ...problems(...WRITE_PROBLEMS, 404) },
});

const admin = { tags: ['secretariat'], security: sessionSecurity, middleware: [authenticated, secretariatOnly] };

const outbox = createRoute({
  ...admin, method: 'get', path: '/admin/mail', operationId: 'listOutboxMail',
  summary: '邮件发件箱 · The e-mail outbox (secretariat)',
  description: '最新的在前：待发送、已发送和失败的邮件及其尝试次数和错误，可按状态和收件人筛选。未配置 SMTP_URL 时邮件只写入日志，在此查看。\n\n' +
    'Newest first: e-mails waiting, sent and failed, with their attempts and errors, filtered by status and recipient. Without SMTP_URL ' +
    'e-mails are only logged; read them here.',
  request: { query: OutboxQuery },
  responses: { 200: jsonResponse(named(OutboxMailList, 'OutboxMailList'), 'One page of e-mails'), ...problems(400, 401, 403) },
});

const outboxMail = createRoute({
  ...admin, method: 'get', path: '/admin/mail/{id}', operationId: 'getOutboxMail',
  summary: '发件箱中的一封邮件 · One e-mail of the outbox (secretariat)',
  description: '含纯文本和 HTML 正文。\n\nWith its plain text and HTML.',
  request: { params: z.object({ id: PathId }) },
  responses: { 200: jsonResponse(named(OutboxMailDetail, 'OutboxMailDetail'), 'The e-mail'), ...problems(401, 403, 404) },
});

/** E-mail: the user's own settings, the unsubscribe links (signed out) and the secretariat's outbox. */
export const emailRoutes = (deps: Deps) =>
  createRouter()
    .openapi(getPreferences, async (c) => c.json(await cases.getEmailPreferences(deps, requireAuth(c)), 200))
    .openapi(putPreferences, async (c) => c.json(await cases.updateEmailPreferences(deps, requireAuth(c), c.req.valid('json')), 200))
    .openapi(unsubscribe, async (c) => c.json(await cases.unsubscribe(deps, c.req.valid('json').token), 200))
    .openapi(oneClick, async (c) => c.json(await cases.unsubscribe(deps, c.req.valid('query').t), 200))
    .openapi(resubscribe, async (c) => c.json(await cases.resubscribe(deps, c.req.valid('json')), 200))
    .openapi(outbox, async (c) => c.json(await cases.listOutbox(deps, c.req.valid('query')), 200))
    .openapi(outboxMail, async (c) => c.json(await cases.getOutboxMail(deps, c.req.valid('param').id), 200));

/** The one request that needs neither JSON nor an Origin: a mail client's one-click unsubscribe carries its token. */
export const ONE_CLICK_PATHS = [/^\/api\/v1\/email\/one-click-unsubscribe$/];
