export * from './aes-gcm-codec';
