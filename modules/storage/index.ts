export { type AccessLogTarget, type ObjectLockRetention, SecureBucket, type SecureBucketProps } from './secure-bucket';
