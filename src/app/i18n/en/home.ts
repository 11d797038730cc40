import type zh from '../zh-CN/home'

const en: typeof zh = {
  noBranch: 'Branch not set up yet',
  untitled: '(no meeting name yet)',
  storageTitle: 'Storage on this device',
  quarterName: { 1: 'Q1', 2: 'Q2', 3: 'Q3', 4: 'Q4' },
  quick: {
    button: 'New record',
    title: 'What kind of record?',
  },
  firstRun: {
    title: 'Welcome to Branch Records',
    body: 'Record the organizational life of your branch on your phone, with or without a network. To begin:',
    step1: 'Enter the branch name and the upper organization',
    step2: 'Import or add the roster (for attendance and the expected/actual counts)',
    step3: 'Set up party groups and the branch committee',
    setUp: 'Set up the branch',
    offlineNote: 'Everything is kept on this phone.',
    rosterTitle: 'No roster yet',
    rosterBody: 'Attendance and the expected/actual counts need the roster. Import it from an Excel or CSV file, or add members one by one.',
    importRoster: 'Import roster',
    addMembers: 'Add members',
  },
  due: {
    month: 'Due in {monthName}',
    quarter: 'Due this quarter ({quarter})',
    year: 'Due this year ({year})',
    daysLeft: '{n} day left | {n} days left',
    lastDay: 'Last day today',
    heldOfRequired: 'held {held} of {required}',
    groupCount: '{name} {held}/{required}',
    localRule: '(local practice)',
  },
  drafts: {
    title: 'Unfinished drafts ({n})',
    savedAt: 'saved {time}',
  },
  recent: {
    title: 'Recent records',
    empty: 'No records yet. Tap "New record" above to start.',
    draft: 'Draft',
    late: 'Late entry',
  },
}
export default en
