// 删除我的数据: WeChat's confirmation dialog, the call, and then forgetting what the device keeps.
import type { DeletedData } from '../../src/contract';
import { copy } from '../logic/copy';
import { api } from './api';
import { forgetAll } from './storage';

/** Asks in WeChat's modal dialog; true only when the user tapped 删除. */
export function confirmDeletion(): Promise<boolean> {
  return new Promise((resolve) => {
    wx.showModal({
      title: copy.deleteData.confirmTitle,
      content: copy.deleteData.confirmContent,
      confirmText: copy.deleteData.confirmButton,
      confirmColor: '#c8161d',
      success: (result) => resolve(result.confirm),
      fail: () => resolve(false),
    });
  });
}

/** Deletes everything stored about the user (reminderSettings deleteMyData); throws a ServiceError when it could not. */
export async function deleteMyData(): Promise<DeletedData> {
  const answer = await api.deleteMyData();
  forgetAll();
  wx.showToast({ title: copy.deleteData.done, icon: 'success' });
  return answer;
}
