import type zh from '../zh-CN/common'

const en: typeof zh = {
  app: { name: 'Branch Records' },
  common: {
    save: 'Save',
    done: 'Done',
    cancel: 'Cancel',
    loading: 'Loading…',
    back: 'Back',
  },
  shell: {
    navigation: 'Main pages',
    tabs: { home: 'Home', books: 'Books', search: 'Search', settings: 'Me' },
    offline: 'Offline · records are saved on this device as usual',
    update: {
      title: 'A new version is available',
      body: 'What you are editing is saved before updating.',
      now: 'Update',
      later: 'Later',
      offlineReady: 'Ready to work offline',
    },
  },
  errors: {
    store: {
      quota: 'The device is out of storage space; this was not saved.',
      closed: 'The connection to local storage was closed; this was not saved. Please reopen the app.',
      invalid: 'This data cannot be saved.',
      'not-found': 'This item was not found; it may have been deleted.',
      'corrupt-backup': 'The backup file is damaged or was not exported by this app.',
      unknown: 'Saving on this device failed.',
    },
    chunk: 'This page has not been downloaded to the device yet. Open it once while online.',
    unexpected: 'Something went wrong: {message}',
    connection: {
      versionchangeTitle: 'The app was updated in another window',
      versionchange: 'This window can no longer save. Reload the page; nothing saved will be lost.',
      reload: 'Reload',
      blocked: 'Another window of the app is still open. Close it to finish the update.',
    },
  },
}
export default en
