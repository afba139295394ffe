export * from './schemas.ts';
export { localFileStore, s3FileStore, type FileStore } from './file-store.ts';
export { signedLink, checkLink, type ChargerFileSettings } from './links.ts';
export { createFirmwareImage, uploadFirmwareImage, listFirmwareImages, type UploadOutcome } from './firmware-images.ts';
export { updateFirmware, type FirmwareDeps, type FirmwareCommandResult } from './update-firmware.ts';
export { publishFirmware, unpublishFirmware } from './publish-firmware.ts';
export { recordFirmwareStatus } from './record-firmware-status.ts';
export { firmwareHistory } from './firmware-history.ts';
export { firmwareDownloadResponse } from './firmware-download.ts';
