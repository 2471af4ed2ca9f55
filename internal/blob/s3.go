package blob

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strings"
	"time"
)

// S3Options locate a bucket of an S3-compatible object store and the
// credentials that sign requests to it.
type S3Options struct {
	// Endpoint is the store's base URL (https://s3.example.com); the bucket
	// is addressed in the path (path-style), which every S3-compatible
	// server accepts.
	Endpoint string
	// Bucket holds every key of this store.
	Bucket string
	// Region is signed into every request (us-east-1 when empty).
	Region string
	// AccessKey and SecretKey sign requests (AWS Signature Version 4).
	// They are never logged nor put into an error.
	AccessKey, SecretKey string
	// Client sends the requests (http.DefaultClient when nil).
	Client *http.Client
	// Now is the signing clock (time.Now when nil).
	Now func() time.Time
}

// S3 is a Store in a bucket of an S3-compatible object store, so that every
// replica of a cluster reads the media any of them wrote. A PUT of one
// object is atomic in S3, so a file is complete or absent.
type S3 struct {
	base   *url.URL
	opts   S3Options
	client *http.Client
}

// ParseS3URL reads s3://BUCKET?endpoint=URL[&region=REGION] into options
// (without credentials).
func ParseS3URL(raw string) (S3Options, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "s3" {
		return S3Options{}, errors.New("want s3://bucket?endpoint=https://host")
	}
	if u.User != nil {
		return S3Options{}, errors.New("credentials do not belong in the URL; set HELIO_BLOB_ACCESS_KEY and HELIO_BLOB_SECRET_KEY")
	}
	if !validBucket(u.Host) || (u.Path != "" && u.Path != "/") {
		return S3Options{}, errors.New("want a bucket name of 3 to 63 lower-case letters, digits, dots or hyphens after s3://")
	}
	q := u.Query()
	ep, err := url.Parse(q.Get("endpoint"))
	if err != nil || (ep.Scheme != "http" && ep.Scheme != "https") || ep.Host == "" {
		return S3Options{}, errors.New("want an endpoint=http(s)://host[:port] query parameter")
	}
	return S3Options{Endpoint: strings.TrimRight(ep.String(), "/"), Bucket: u.Host, Region: q.Get("region")}, nil
}

func validBucket(b string) bool {
	if len(b) < 3 || len(b) > 63 {
		return false
	}
	for _, r := range b {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '.') {
			return false
		}
	}
	return true
}

// OpenS3 returns the Store for opts and checks that the bucket answers with
// these credentials, creating the bucket when it does not exist yet.
func OpenS3(ctx context.Context, opts S3Options) (*S3, error) {
	base, err := url.Parse(opts.Endpoint)
	if err != nil || base.Host == "" {
		return nil, errors.New("blob: invalid S3 endpoint")
	}
	if opts.AccessKey == "" || opts.SecretKey == "" {
		return nil, errors.New("blob: the S3 store needs an access key and a secret key")
	}
	if opts.Region == "" {
		opts.Region = "us-east-1"
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	s := &S3{base: base, opts: opts, client: opts.Client}
	if s.client == nil {
		s.client = http.DefaultClient
	}
	resp, err := s.do(ctx, http.MethodHead, "", nil, 0, emptySHA256)
	if err != nil {
		return nil, err
	}
	resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusNotFound:
		resp, err := s.do(ctx, http.MethodPut, "", nil, 0, emptySHA256)
		if err != nil {
			return nil, err
		}
		defer resp.Body.Close()
		if resp.StatusCode/100 != 2 {
			return nil, s3Error("create bucket", resp)
		}
	case resp.StatusCode/100 != 2:
		return nil, s3Error("check bucket", resp)
	}
	return s, nil
}

var emptySHA256 = hex.EncodeToString(sha256.New().Sum(nil))

// Put spools r to a temporary file, to learn its length and digest (both
// are signed), and sends it in one PUT.
func (s *S3) Put(ctx context.Context, key string, r io.Reader) error {
	if err := checkKey(key); err != nil {
		return err
	}
	tmp, err := os.CreateTemp("", "helio-s3-put-*")
	if err != nil {
		return fmt.Errorf("blob: %w", err)
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(tmp, h), r)
	if err != nil {
		return fmt.Errorf("blob: write %s: %w", key, err)
	}
	if _, err := tmp.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("blob: %w", err)
	}
	var body io.Reader = tmp
	if n == 0 {
		body = http.NoBody
	}
	resp, err := s.do(ctx, http.MethodPut, key, body, n, hex.EncodeToString(h.Sum(nil)))
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return s3Error("put "+key, resp)
	}
	return nil
}

// Get opens the object under key.
func (s *S3) Get(ctx context.Context, key string) (io.ReadCloser, error) {
	if err := checkKey(key); err != nil {
		return nil, err
	}
	resp, err := s.do(ctx, http.MethodGet, key, nil, 0, emptySHA256)
	if err != nil {
		return nil, err
	}
	switch {
	case resp.StatusCode == http.StatusNotFound:
		resp.Body.Close()
		return nil, ErrNotFound
	case resp.StatusCode/100 != 2:
		defer resp.Body.Close()
		return nil, s3Error("get "+key, resp)
	}
	return resp.Body, nil
}

// Delete removes the object under key; S3 answers a missing key as done.
func (s *S3) Delete(ctx context.Context, key string) error {
	if err := checkKey(key); err != nil {
		return err
	}
	resp, err := s.do(ctx, http.MethodDelete, key, nil, 0, emptySHA256)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 && resp.StatusCode != http.StatusNotFound {
		return s3Error("delete "+key, resp)
	}
	return nil
}

// do sends one signed request for key in the bucket (the bucket itself
// when key is empty).
func (s *S3) do(ctx context.Context, method, key string, body io.Reader, length int64, payloadSHA string) (*http.Response, error) {
	u := *s.base
	u.Path = strings.TrimRight(u.Path, "/") + "/" + s.opts.Bucket
	if key != "" {
		u.Path += "/" + key
	}
	u.RawPath = ""
	req, err := http.NewRequestWithContext(ctx, method, u.String(), body)
	if err != nil {
		return nil, fmt.Errorf("blob: %w", err)
	}
	if body != nil {
		req.ContentLength = length
	}
	s.sign(req, payloadSHA)
	resp, err := s.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("blob: %s %s: %w", method, key, err)
	}
	return resp, nil
}

// sign adds an AWS Signature Version 4 Authorization header, signing the
// host, the payload digest and the date.
func (s *S3) sign(req *http.Request, payloadSHA string) {
	now := s.opts.Now().UTC()
	stamp := now.Format("20060102T150405Z")
	day := stamp[:8]
	req.Header.Set("X-Amz-Date", stamp)
	req.Header.Set("X-Amz-Content-Sha256", payloadSHA)
	headers := map[string]string{"host": req.URL.Host, "x-amz-content-sha256": payloadSHA, "x-amz-date": stamp}
	names := make([]string, 0, len(headers))
	for k := range headers {
		names = append(names, k)
	}
	sort.Strings(names)
	var canonHeaders strings.Builder
	for _, k := range names {
		canonHeaders.WriteString(k + ":" + headers[k] + "\n")
	}
	signed := strings.Join(names, ";")
	canonical := strings.Join([]string{req.Method, req.URL.EscapedPath(), req.URL.Query().Encode(),
		canonHeaders.String(), signed, payloadSHA}, "\n")
	scope := day + "/" + s.opts.Region + "/s3/aws4_request"
	toSign := "AWS4-HMAC-SHA256\n" + stamp + "\n" + scope + "\n" + hexSHA256(canonical)
	key := hmacSHA256([]byte("AWS4"+s.opts.SecretKey), day)
	for _, part := range []string{s.opts.Region, "s3", "aws4_request"} {
		key = hmacSHA256(key, part)
	}
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential="+s.opts.AccessKey+"/"+scope+
		", SignedHeaders="+signed+", Signature="+hex.EncodeToString(hmacSHA256(key, toSign)))
}

func hexSHA256(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

func hmacSHA256(key []byte, msg string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(msg))
	return m.Sum(nil)
}

// s3Error names the store's error code (never a credential) for a refused
// request.
func s3Error(what string, resp *http.Response) error {
	var body struct {
		Code string `xml:"Code"`
	}
	_ = xml.NewDecoder(io.LimitReader(resp.Body, 4096)).Decode(&body)
	if body.Code == "" {
		body.Code = http.StatusText(resp.StatusCode)
	}
	return fmt.Errorf("blob: S3 %s: %d %s", what, resp.StatusCode, body.Code)
}
