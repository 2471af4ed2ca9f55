package config

import (
	"errors"
	"strconv"

	"github.com/helio-platform/helio/internal/blob"
)

// Media holds the bounds of media uploads.
type Media struct {
	// ImageMaxBytes and VideoMaxBytes bound uploads; documents count as images.
	ImageMaxBytes int64
	VideoMaxBytes int64
	// MaxPixels bounds the width times height of an uploaded image; larger
	// images are refused from their header, before they are decoded.
	MaxPixels int64
	// Blob is where media files live: empty for the data folder's media/,
	// or s3://BUCKET?endpoint=URL[&region=R] for an S3-compatible store
	// that every replica shares.
	Blob string
	// BlobAccessKey and BlobSecretKey sign requests to the S3 store.
	BlobAccessKey, BlobSecretKey string
}

func mediaDefaults() Media {
	return Media{ImageMaxBytes: 5 << 20, VideoMaxBytes: 200 << 20, MaxPixels: 40_000_000}
}

func mediaSettings() []setting {
	return []setting{
		{flag: "image-max-bytes", env: "HELIO_IMAGE_MAX_BYTES", usage: "largest image or document upload in bytes",
			set: byteSetter(func(c *Config, n int64) { c.Media.ImageMaxBytes = n })},
		{flag: "video-max-bytes", env: "HELIO_VIDEO_MAX_BYTES", usage: "largest video upload in bytes",
			set: byteSetter(func(c *Config, n int64) { c.Media.VideoMaxBytes = n })},
		{flag: "media-max-pixels", env: "HELIO_MEDIA_MAX_PIXELS", usage: "largest image in pixels (width times height), refused from its header before decoding",
			set: uintSetter(1_000_000, 1_000_000_000, func(c *Config, n uint64) { c.Media.MaxPixels = int64(n) })},
		{flag: "blob", env: "HELIO_BLOB", usage: "where media files live: empty for the data folder, or s3://BUCKET?endpoint=https://host[&region=R] for an S3-compatible store shared by replicas",
			secret: true, set: func(c *Config, v string) error {
				if _, err := blob.ParseS3URL(v); err != nil {
					return err
				}
				c.Media.Blob = v
				return nil
			}},
		{flag: "blob-access-key", env: "HELIO_BLOB_ACCESS_KEY", usage: "access key of the S3 media store",
			set: func(c *Config, v string) error { c.Media.BlobAccessKey = v; return nil }},
		{flag: "blob-secret-key", env: "HELIO_BLOB_SECRET_KEY", usage: "secret key of the S3 media store (prefer the environment or the config file to a flag)",
			secret: true, set: func(c *Config, v string) error { c.Media.BlobSecretKey = v; return nil }},
	}
}

func byteSetter(f func(*Config, int64)) func(*Config, string) error {
	return func(c *Config, v string) error {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 1024 {
			return errors.New("want a number of bytes, at least 1024")
		}
		f(c, n)
		return nil
	}
}
