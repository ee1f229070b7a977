import { can, type Permission, type Role } from '@dx/contract';

export interface NavItem {
  path: string;
  label: string;
  /** The link text on the home page (different from the menu, so each link has one clear name). */
  action: string;
  description: string;
  /** Who sees the link: the permission the page's route guard checks. */
  permission: Permission;
}

/** The app's pages, in menu order, with the permission that opens them (the route guards check the same). */
export const NAV_ITEMS: readonly NavItem[] = [
  {
    path: '/',
    label: 'ホーム',
    action: 'ホームへ',
    description: 'お知らせと、利用できる機能の一覧です。',
    permission: 'session.own',
  },
  {
    path: '/my',
    label: 'マイ研修',
    action: 'マイ研修を開く',
    description: 'あなたに割り当てられた研修と期限・進み具合を確認し、受講します。',
    permission: 'learning.own',
  },
  {
    path: '/org',
    label: '組織',
    action: '組織図を見る',
    description: '組織図を基準日ごとに表示し、所属ごとの人数を確認します。',
    permission: 'org.read',
  },
  {
    path: '/staff',
    label: '職員',
    action: '職員を検索する',
    description: '職員を職員番号・氏名・カナで検索し、所属の履歴を確認します。',
    permission: 'staff.read',
  },
  {
    path: '/team',
    label: 'チーム受講状況',
    action: 'チームの受講状況を見る',
    description: '担当する組織の職員ごとの研修の受講状況を確認し、期限を過ぎた人に督促メールを送ります。',
    permission: 'team.read',
  },
  {
    path: '/stats',
    label: '受講統計',
    action: '受講統計を見る',
    description:
      '年度ごとの受講状況を部局・所属・職位・研修体系別に集計し、CSV・Excelに出力します（管理職は担当する組織の分）。',
    permission: 'reports.read',
  },
  {
    path: '/kpi',
    label: 'KPIダッシュボード',
    action: 'KPIダッシュボードを開く',
    description:
      'DX推進計画の指標（修了率・推進員の配置率・スペシャリスト認定者数）をグラフと表で確認し、目標値を設定します。',
    permission: 'kpi.read',
  },
  {
    path: '/imports',
    label: 'データ取込',
    action: '組織図・職員名簿を取り込む',
    description: '人事システムなどから出力した組織図・職員名簿・修了実績・推進員名簿（CSV）を取り込みます。',
    permission: 'imports.run',
  },
  {
    path: '/integrations/udemy-business',
    label: 'Udemy Business 連携',
    action: 'Udemy Business と同期する',
    description: 'Udemy Business のレポートAPIの接続先を設定し、受講状況の同期と結果を確認します。',
    permission: 'integrations.sync',
  },
  {
    path: '/integrations/slack',
    label: 'Slack 連携',
    action: 'Slack 連携を設定する',
    description: '督促と週次まとめを送る Slack のチャンネルを設定し、送信に失敗した通知を確認します。',
    permission: 'notifications.manage',
  },
  {
    path: '/hr/promoters',
    label: 'デジタル活用推進員',
    action: '推進員の名簿を開く',
    description: '年度ごとのデジタル活用推進員を指定・解除します。',
    permission: 'promoters.manage',
  },
  {
    path: '/hr/promoter-coverage',
    label: '推進員の配置状況',
    action: '推進員のいない所属を見る',
    description: 'デジタル活用推進員がいない所属の一覧を年度ごとに確認し、所属長に推進員の指名を依頼します。',
    permission: 'promoters.manage',
  },
  {
    path: '/hr/cohorts',
    label: 'DX推進スペシャリスト',
    action: 'スペシャリストの養成期を開く',
    description: 'DX推進スペシャリストの養成期と、メンバーの段階（基礎・応用・実践・認定）を管理します。',
    permission: 'promoters.manage',
  },
  {
    path: '/hr/certifications',
    label: 'スペシャリスト認定者',
    action: '認定者の一覧を開く',
    description:
      'DX推進スペシャリストの認定者と有効期限を確認し、必要なときは理由を記録して認定を取り消します。',
    permission: 'certifications.manage',
  },
  {
    path: '/hr/skill-map',
    label: 'スキルマップ',
    action: 'スキルマップを開く',
    description:
      'デジタルスキル標準に沿って、部局ごとの習得状況とDX推進スペシャリストの人材類型別の修了を確認します。',
    permission: 'skills.read',
  },
  {
    path: '/hr/attendance',
    label: '出席記録',
    action: '集合研修の出席を記録する',
    description: '集合研修・Web会議の出席者を記録します。',
    permission: 'attendance.manage',
  },
  {
    path: '/hr/submissions',
    label: '課題の評価',
    action: '提出された課題を評価する',
    description: '受講者が提出した課題を確認し、合格または差し戻しにします。',
    permission: 'submissions.evaluate',
  },
  {
    path: '/hr/unmatched',
    label: '連携の未照合',
    action: '未照合の修了記録を処理する',
    description:
      'Udemy Business などから届いた修了の記録のうち、職員や講座と結び付けられなかったものを照合または対象外にします。',
    permission: 'integrations.read',
  },
  {
    path: '/hr/audit',
    label: '監査ログ',
    action: '監査ログを検索する',
    description:
      '誰がいつ誰の個人情報を閲覧・出力したかを、操作者・職員番号・期間で検索し、CSVに出力します。',
    permission: 'audit.read',
  },
  {
    path: '/hr/tenant-settings',
    label: '団体の表示設定',
    action: '団体名と修了証の発行者を設定する',
    description: '画面に表示する団体名と、修了証に印字する発行者を設定します。',
    permission: 'tenant.settings',
  },
  {
    path: '/content',
    label: '研修管理',
    action: '研修と割当ルールを管理する',
    description:
      '研修体系・研修・モジュール・確認テストの問題と、誰がいつまでに受講するかを決める割当ルールを管理します。',
    permission: 'catalogue.edit',
  },
  {
    path: '/integrations/sso',
    label: 'シングルサインオン',
    action: 'シングルサインオンを設定する',
    description:
      '職員が庁内の認証基盤（OpenID Connect または SAML 2.0）のアカウントでログインできるように、IdP を設定します。',
    permission: 'integrations.configure',
  },
  {
    path: '/xapi-clients',
    label: 'xAPI 接続',
    action: 'xAPI の接続情報を管理する',
    description:
      'Udemy Business や e ラーニング教材が学習記録を送るための接続情報（キーとシークレット）を作成・無効化します。',
    permission: 'xapi.clients',
  },
  {
    path: '/platform/tenants',
    label: '団体管理',
    action: '団体を作成・停止する',
    description:
      'このシステムを共同利用する団体の一覧を確認し、団体を作成して最初の管理者を登録し、利用を停止・再開します。',
    permission: 'platform.tenants',
  },
];

export function navItemsFor(roles: readonly Role[]): NavItem[] {
  return NAV_ITEMS.filter((item) => can(roles, item.permission));
}
