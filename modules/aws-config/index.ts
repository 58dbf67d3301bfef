export {
  ConfigRecording,
  type ConfigRecordingProps,
  type ExistingRecorder,
  type RecordingRegion,
} from './config-recording';
