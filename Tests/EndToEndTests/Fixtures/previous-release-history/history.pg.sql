--
-- PostgreSQL database dump
--

\restrict lKLI9BqzlwYV6XDIrwcbUKuIUK9w9eujDwfQNcu9ipwoSU7bAD4GexAAwbWlb76

-- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)
-- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: campaigns; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.campaigns (
    campaign_id text NOT NULL,
    run text NOT NULL,
    unit text NOT NULL,
    idempotency_key text NOT NULL,
    account text NOT NULL,
    template text NOT NULL,
    language text NOT NULL,
    starts_at text NOT NULL
);


--
-- Name: inbox_events; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.inbox_events (
    pipeline text NOT NULL,
    sha256 text NOT NULL,
    claim_id text NOT NULL,
    run text NOT NULL,
    place text NOT NULL,
    file text NOT NULL,
    event text NOT NULL,
    at text NOT NULL,
    override text
);


--
-- Name: inbox_holds; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.inbox_holds (
    pipeline text NOT NULL,
    sha256 text NOT NULL,
    claim_id text NOT NULL,
    run text NOT NULL,
    place text NOT NULL,
    file text NOT NULL,
    claimed_at text NOT NULL
);


--
-- Name: opt_outs; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.opt_outs (
    phone text NOT NULL,
    reason text NOT NULL,
    run text NOT NULL,
    found_at text NOT NULL
);


--
-- Name: sends; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.sends (
    campaign_id text NOT NULL,
    phone text NOT NULL,
    run text NOT NULL,
    account text NOT NULL,
    template text NOT NULL,
    starts_at text NOT NULL,
    status text,
    error_code text
);


--
-- Data for Name: campaigns; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.campaigns (campaign_id, run, unit, idempotency_key, account, template, language, starts_at) FROM stdin;
01M8XGPW5BXZHTETNASMV9YVNX	night-1 (planned 2026-12-03T08:35:35Z)	1	cc2-a0f2cb92d551b43d5899d4ae3e81bd758100d54d	sandbox-account	order_confirmation	ar	2026-12-03T08:35:35Z
01M8XGPW5JYB841DEYKJQ8RRKS	night-1 (planned 2026-12-03T08:35:35Z)	2	cc2-f05fdceeeff59f7665b04431ba9dc7549e66f728	sandbox-account	order_confirmation	ar	2026-12-03T08:35:35Z
\.


--
-- Data for Name: inbox_events; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.inbox_events (pipeline, sha256, claim_id, run, place, file, event, at, override) FROM stdin;
\.


--
-- Data for Name: inbox_holds; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.inbox_holds (pipeline, sha256, claim_id, run, place, file, claimed_at) FROM stdin;
\.


--
-- Data for Name: opt_outs; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.opt_outs (phone, reason, run, found_at) FROM stdin;
+966500000026	131050 stopped marketing messages	night-1 (planned 2026-12-03T08:35:35Z)	2026-12-03T08:35:37Z
+966500000031	131050 stopped marketing messages	night-1 (planned 2026-12-03T08:35:35Z)	2026-12-03T08:35:37Z
+966500000033	131050 stopped marketing messages	night-1 (planned 2026-12-03T08:35:35Z)	2026-12-03T08:35:37Z
+966500000052	131050 stopped marketing messages	night-1 (planned 2026-12-03T08:35:35Z)	2026-12-03T08:35:37Z
+966500000060	131050 stopped marketing messages	night-1 (planned 2026-12-03T08:35:35Z)	2026-12-03T08:35:37Z
+966500000067	131050 stopped marketing messages	night-1 (planned 2026-12-03T08:35:35Z)	2026-12-03T08:35:37Z
+966500000089	131050 stopped marketing messages	night-1 (planned 2026-12-03T08:35:35Z)	2026-12-03T08:35:37Z
+966500000098	131050 stopped marketing messages	night-1 (planned 2026-12-03T08:35:35Z)	2026-12-03T08:35:37Z
+966500000102	131050 stopped marketing messages	night-1 (planned 2026-12-03T08:35:35Z)	2026-12-03T08:35:37Z
+966500000112	131050 stopped marketing messages	night-1 (planned 2026-12-03T08:35:35Z)	2026-12-03T08:35:37Z
+966500000156	131050 stopped marketing messages	night-1 (planned 2026-12-03T08:35:35Z)	2026-12-03T08:35:37Z
+966500000193	131050 stopped marketing messages	night-1 (planned 2026-12-03T08:35:35Z)	2026-12-03T08:35:37Z
+966500000194	131050 stopped marketing messages	night-1 (planned 2026-12-03T08:35:35Z)	2026-12-03T08:35:37Z
+966500000198	131050 stopped marketing messages	night-1 (planned 2026-12-03T08:35:35Z)	2026-12-03T08:35:37Z
\.


--
-- Data for Name: sends; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.sends (campaign_id, phone, run, account, template, starts_at, status, error_code) FROM stdin;
01M8XGPW5BXZHTETNASMV9YVNX	+966500000016	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	failed	130429
01M8XGPW5BXZHTETNASMV9YVNX	+966500000032	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	failed	130429
01M8XGPW5BXZHTETNASMV9YVNX	+966500000035	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	failed	130429
01M8XGPW5BXZHTETNASMV9YVNX	+966500000045	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	failed	130429
01M8XGPW5BXZHTETNASMV9YVNX	+966500000048	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	failed	130429
01M8XGPW5BXZHTETNASMV9YVNX	+966500000061	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	failed	130429
01M8XGPW5BXZHTETNASMV9YVNX	+966500000076	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	failed	130429
01M8XGPW5BXZHTETNASMV9YVNX	+966500000083	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	failed	130429
01M8XGPW5BXZHTETNASMV9YVNX	+966500000092	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	failed	130429
01M8XGPW5BXZHTETNASMV9YVNX	+966500000011	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	failed	131000
01M8XGPW5BXZHTETNASMV9YVNX	+966500000038	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	failed	131000
01M8XGPW5BXZHTETNASMV9YVNX	+966500000074	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	failed	131000
01M8XGPW5BXZHTETNASMV9YVNX	+966500000082	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	failed	131000
01M8XGPW5BXZHTETNASMV9YVNX	+966500000086	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	failed	131000
01M8XGPW5BXZHTETNASMV9YVNX	+966500000002	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	failed	131026
01M8XGPW5BXZHTETNASMV9YVNX	+966500000051	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	failed	131026
01M8XGPW5BXZHTETNASMV9YVNX	+966500000014	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	failed	131047
01M8XGPW5BXZHTETNASMV9YVNX	+966500000034	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	failed	131047
01M8XGPW5BXZHTETNASMV9YVNX	+966500000041	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	failed	131047
01M8XGPW5BXZHTETNASMV9YVNX	+966500000043	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	failed	131047
01M8XGPW5BXZHTETNASMV9YVNX	+966500000003	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	failed	131049
01M8XGPW5BXZHTETNASMV9YVNX	+966500000019	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	failed	131049
01M8XGPW5BXZHTETNASMV9YVNX	+966500000069	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	failed	131049
01M8XGPW5BXZHTETNASMV9YVNX	+966500000026	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	failed	131050
01M8XGPW5BXZHTETNASMV9YVNX	+966500000031	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	failed	131050
01M8XGPW5BXZHTETNASMV9YVNX	+966500000033	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	failed	131050
01M8XGPW5BXZHTETNASMV9YVNX	+966500000052	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	failed	131050
01M8XGPW5BXZHTETNASMV9YVNX	+966500000060	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	failed	131050
01M8XGPW5BXZHTETNASMV9YVNX	+966500000067	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	failed	131050
01M8XGPW5BXZHTETNASMV9YVNX	+966500000089	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	failed	131050
01M8XGPW5BXZHTETNASMV9YVNX	+966500000098	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	failed	131050
01M8XGPW5BXZHTETNASMV9YVNX	+966500000022	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	failed	invalid_phone_number
01M8XGPW5BXZHTETNASMV9YVNX	+966500000027	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	failed	invalid_phone_number
01M8XGPW5BXZHTETNASMV9YVNX	+966500000042	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	failed	invalid_phone_number
01M8XGPW5BXZHTETNASMV9YVNX	+966500000058	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	failed	invalid_phone_number
01M8XGPW5BXZHTETNASMV9YVNX	+966500000072	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	failed	invalid_phone_number
01M8XGPW5BXZHTETNASMV9YVNX	+966500000000	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5BXZHTETNASMV9YVNX	+966500000001	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5BXZHTETNASMV9YVNX	+966500000004	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5BXZHTETNASMV9YVNX	+966500000005	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5BXZHTETNASMV9YVNX	+966500000006	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5BXZHTETNASMV9YVNX	+966500000007	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5BXZHTETNASMV9YVNX	+966500000008	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5BXZHTETNASMV9YVNX	+966500000009	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5BXZHTETNASMV9YVNX	+966500000010	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5BXZHTETNASMV9YVNX	+966500000012	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5BXZHTETNASMV9YVNX	+966500000013	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5BXZHTETNASMV9YVNX	+966500000015	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5BXZHTETNASMV9YVNX	+966500000017	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5BXZHTETNASMV9YVNX	+966500000018	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5BXZHTETNASMV9YVNX	+966500000020	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5BXZHTETNASMV9YVNX	+966500000021	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5BXZHTETNASMV9YVNX	+966500000023	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5BXZHTETNASMV9YVNX	+966500000024	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5BXZHTETNASMV9YVNX	+966500000025	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5BXZHTETNASMV9YVNX	+966500000028	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5BXZHTETNASMV9YVNX	+966500000029	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5BXZHTETNASMV9YVNX	+966500000030	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5BXZHTETNASMV9YVNX	+966500000036	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5BXZHTETNASMV9YVNX	+966500000037	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5BXZHTETNASMV9YVNX	+966500000039	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5BXZHTETNASMV9YVNX	+966500000040	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5BXZHTETNASMV9YVNX	+966500000044	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5BXZHTETNASMV9YVNX	+966500000046	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5BXZHTETNASMV9YVNX	+966500000047	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5BXZHTETNASMV9YVNX	+966500000049	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5BXZHTETNASMV9YVNX	+966500000050	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5BXZHTETNASMV9YVNX	+966500000053	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5BXZHTETNASMV9YVNX	+966500000054	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5BXZHTETNASMV9YVNX	+966500000055	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5BXZHTETNASMV9YVNX	+966500000056	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5BXZHTETNASMV9YVNX	+966500000057	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5BXZHTETNASMV9YVNX	+966500000059	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5BXZHTETNASMV9YVNX	+966500000062	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5BXZHTETNASMV9YVNX	+966500000063	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5BXZHTETNASMV9YVNX	+966500000064	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5BXZHTETNASMV9YVNX	+966500000065	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5BXZHTETNASMV9YVNX	+966500000066	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5BXZHTETNASMV9YVNX	+966500000068	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5BXZHTETNASMV9YVNX	+966500000070	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5BXZHTETNASMV9YVNX	+966500000071	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5BXZHTETNASMV9YVNX	+966500000073	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5BXZHTETNASMV9YVNX	+966500000075	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5BXZHTETNASMV9YVNX	+966500000077	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5BXZHTETNASMV9YVNX	+966500000078	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5BXZHTETNASMV9YVNX	+966500000079	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5BXZHTETNASMV9YVNX	+966500000080	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5BXZHTETNASMV9YVNX	+966500000081	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5BXZHTETNASMV9YVNX	+966500000084	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5BXZHTETNASMV9YVNX	+966500000085	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5BXZHTETNASMV9YVNX	+966500000087	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5BXZHTETNASMV9YVNX	+966500000088	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5BXZHTETNASMV9YVNX	+966500000090	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5BXZHTETNASMV9YVNX	+966500000091	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5BXZHTETNASMV9YVNX	+966500000093	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5BXZHTETNASMV9YVNX	+966500000094	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5BXZHTETNASMV9YVNX	+966500000095	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5BXZHTETNASMV9YVNX	+966500000096	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5BXZHTETNASMV9YVNX	+966500000097	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5BXZHTETNASMV9YVNX	+966500000099	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000108	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	failed	130429
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000127	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	failed	130429
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000131	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	failed	130429
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000155	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	failed	130429
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000165	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	failed	130429
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000111	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	failed	131000
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000134	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	failed	131000
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000147	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	failed	131000
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000174	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	failed	131000
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000186	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	failed	131000
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000151	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	failed	131026
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000170	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	failed	131026
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000177	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	failed	131026
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000190	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	failed	131026
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000117	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	failed	131047
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000139	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	failed	131047
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000157	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	failed	131047
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000181	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	failed	131047
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000185	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	failed	131047
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000192	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	failed	131047
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000105	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	failed	131049
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000125	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	failed	131049
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000162	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	failed	131049
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000102	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	failed	131050
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000112	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	failed	131050
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000156	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	failed	131050
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000193	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	failed	131050
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000194	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	failed	131050
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000198	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	failed	131050
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000168	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	failed	invalid_phone_number
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000100	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000101	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000103	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000104	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000106	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000107	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000109	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000110	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000113	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000114	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000115	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000116	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000118	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000119	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000120	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000121	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000122	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000123	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000124	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000126	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000128	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000129	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000130	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000132	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000133	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000135	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000136	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000137	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000138	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000140	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000141	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000142	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000143	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000144	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000145	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000146	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000148	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000149	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000150	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000152	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000153	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000154	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000158	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000159	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000160	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000161	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000163	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000164	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000166	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000167	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000169	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000171	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000172	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000173	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000175	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000176	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000178	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000179	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000180	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000182	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000183	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000184	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000187	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000188	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000189	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000191	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000195	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000196	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000197	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
01M8XGPW5JYB841DEYKJQ8RRKS	+966500000199	night-1 (planned 2026-12-03T08:35:35Z)	sandbox-account	order_confirmation	2026-12-03T08:35:35Z	sent	\N
\.


--
-- Name: campaigns campaigns_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.campaigns
    ADD CONSTRAINT campaigns_pkey PRIMARY KEY (campaign_id);


--
-- Name: campaigns campaigns_run_unit_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.campaigns
    ADD CONSTRAINT campaigns_run_unit_key UNIQUE (run, unit);


--
-- Name: inbox_holds inbox_holds_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.inbox_holds
    ADD CONSTRAINT inbox_holds_pkey PRIMARY KEY (pipeline, sha256);


--
-- Name: opt_outs opt_outs_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.opt_outs
    ADD CONSTRAINT opt_outs_pkey PRIMARY KEY (phone);


--
-- Name: sends sends_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sends
    ADD CONSTRAINT sends_pkey PRIMARY KEY (campaign_id, phone);


--
-- Name: sends_by_phone; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX sends_by_phone ON public.sends USING btree (phone, account, template, starts_at);


--
-- PostgreSQL database dump complete
--

\unrestrict lKLI9BqzlwYV6XDIrwcbUKuIUK9w9eujDwfQNcu9ipwoSU7bAD4GexAAwbWlb76

