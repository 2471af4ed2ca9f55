package config

import (
	"errors"
	"strconv"
)

// Media holds the bounds of media uploads.
type Media struct {
	// ImageMaxBytes and VideoMaxBytes bound uploads; documents count as images.
	ImageMaxBytes int64
	VideoMaxBytes int64
	// MaxPixels bounds the width times height of an uploaded image; larger
	// images are refused from their header, before they are decoded.
	MaxPixels int64
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
