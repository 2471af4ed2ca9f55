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
}

func mediaDefaults() Media {
	return Media{ImageMaxBytes: 5 << 20, VideoMaxBytes: 200 << 20}
}

func mediaSettings() []setting {
	return []setting{
		{flag: "image-max-bytes", env: "HELIO_IMAGE_MAX_BYTES", usage: "largest image or document upload in bytes",
			set: byteSetter(func(c *Config, n int64) { c.Media.ImageMaxBytes = n })},
		{flag: "video-max-bytes", env: "HELIO_VIDEO_MAX_BYTES", usage: "largest video upload in bytes",
			set: byteSetter(func(c *Config, n int64) { c.Media.VideoMaxBytes = n })},
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
