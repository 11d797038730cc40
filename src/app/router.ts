import { createRouter, createWebHistory, START_LOCATION, type RouteRecordRaw } from 'vue-router'
import HomePage from './pages/HomePage.vue'
import { loadAllMessages } from './i18n'

// Only the home page is in the first-screen bundle; every other page loads on demand.
const routes: RouteRecordRaw[] = [
  { path: '/', name: 'home', component: HomePage },
  // Record books and records
  { path: '/books', name: 'books', component: () => import('./pages/BooksPage.vue') },
  { path: '/books/:kind', name: 'book', component: () => import('./pages/BookPage.vue'), props: true },
  { path: '/records/new/:kind', name: 'record-new', component: () => import('./pages/RecordEditorPage.vue'), props: true },
  { path: '/records/:id/edit', name: 'record-edit', component: () => import('./pages/RecordEditorPage.vue'), props: true },
  { path: '/records/:id', name: 'record', component: () => import('./pages/RecordViewPage.vue'), props: true },
  { path: '/search', name: 'search', component: () => import('./pages/SearchPage.vue') },
  // Branch, roster, settings
  { path: '/branch', name: 'branch', component: () => import('./pages/BranchSetupPage.vue') },
  { path: '/roster', name: 'roster', component: () => import('./pages/RosterPage.vue') },
  { path: '/roster/import', name: 'roster-import', component: () => import('./pages/RosterImportPage.vue') },
  { path: '/settings', name: 'settings', component: () => import('./pages/SettingsPage.vue') },
  // Rectification ledger (巡察整改) and study plans
  { path: '/rectification', name: 'rectification', component: () => import('./pages/RectificationPage.vue') },
  { path: '/rectification/new', name: 'inspection-new', component: () => import('./pages/InspectionFormPage.vue') },
  { path: '/rectification/:id', name: 'inspection', component: () => import('./pages/InspectionPage.vue'), props: true },
  { path: '/rectification/:id/edit', name: 'inspection-edit', component: () => import('./pages/InspectionFormPage.vue'), props: true },
  { path: '/rectification/:id/report', name: 'rectification-report', component: () => import('./pages/RectificationReportPage.vue'), props: true },
  { path: '/measures/:id', name: 'measure', component: () => import('./pages/MeasurePage.vue'), props: true },
  { path: '/plans', name: 'plans', component: () => import('./pages/StudyPlansPage.vue') },
  // Sync: sign-in, conflicts, a record's history on the server
  { path: '/sign-in', name: 'sign-in', component: () => import('./pages/SignInPage.vue') },
  { path: '/sync/conflicts', name: 'sync-conflicts', component: () => import('./pages/ConflictPage.vue') },
  { path: '/sync/conflicts/:entity/:id', name: 'sync-conflict', component: () => import('./pages/ConflictPage.vue'), props: true },
  { path: '/records/:id/history', name: 'record-history', component: () => import('./pages/RecordHistoryPage.vue'), props: true },
  // Quarterly check (季度检查), sign-off, review and the bound volume
  { path: '/check', name: 'check', component: () => import('./pages/CheckPage.vue') },
  { path: '/check/rules', name: 'check-rules', component: () => import('./pages/CheckRulesPage.vue') },
  { path: '/check/:year/:quarter', name: 'check-quarter', component: () => import('./pages/CheckPage.vue'), props: true },
  { path: '/check/:year/:quarter/volume', name: 'check-volume', component: () => import('./pages/QuarterVolumePage.vue'), props: true },
  { path: '/review', name: 'review', component: () => import('./pages/ReviewPage.vue') },
  { path: '/:pathMatch(.*)*', redirect: '/' },
]

export const router = createRouter({
  history: createWebHistory(),
  routes,
  // Back returns to where the list was; a new page starts at its top. The first page of a visit is at
  // its top already: scrolling there would force a layout in the middle of the first render.
  scrollBehavior: (_to, from, saved) => saved ?? (from === START_LOCATION ? false : { top: 0 }),
})

// The first screen ships only the home screen's messages; every other page waits for all of them
// (usually already there: the home screen asks for them once it shows).
router.beforeEach(async (to) => {
  if (to.name !== 'home') await loadAllMessages()
})
