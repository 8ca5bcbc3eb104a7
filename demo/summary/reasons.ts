// Short names for the errcodes WeChat answers a send with (PLATFORM.md §2), for tables and charts.
const NAMES: Record<string, string> = {
  '-1': 'system busy',
  '40003': 'openid wrong',
  '40037': 'template id wrong',
  '41028': 'form id invalid or expired',
  '41029': 'form id already used',
  '41030': 'page wrong',
  '43101': 'user refused / no grant',
  '45009': 'daily quota',
  '45011': 'minute quota',
  '45103': 'API retired',
  '47003': 'template data wrong',
};

export const reasonName = (errcode: string) => NAMES[errcode] ?? 'other';
