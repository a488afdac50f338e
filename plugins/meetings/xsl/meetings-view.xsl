<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <!-- Loaded as if in the skin's pages/: reach the plugin's own folder. -->
  <xsl:include href="../../../plugins/meetings/xsl/meetings-common.xsl"/>
  <!-- One meeting for the client: details, shared notes, what to do. -->
  <xsl:template match="content" mode="page">
    <xsl:variable name="m" select="meeting"/>
    <nav class="crumbs" aria-label="Breadcrumb"><a href="{$base}/meetings">Meetings</a></nav>
    <h1><xsl:value-of select="$m/topic"/></h1>
    <dl class="facts">
      <dt>Status</dt><dd><xsl:call-template name="badge"><xsl:with-param name="status" select="$m/status"/></xsl:call-template></dd>
      <dt>When</dt><dd><xsl:call-template name="mt-when"><xsl:with-param name="m" select="$m"/></xsl:call-template>
        <xsl:if test="$m/start_at"> (<xsl:value-of select="$m/duration_min"/> minutes)</xsl:if></dd>
      <dt>Type</dt><dd><xsl:call-template name="mt-type"><xsl:with-param name="t" select="$m/type"/></xsl:call-template></dd>
      <xsl:if test="$m/location"><dt>Place</dt><dd><xsl:value-of select="$m/location"/></dd></xsl:if>
      <xsl:if test="$m/video_url"><dt>Video link</dt><dd><xsl:choose><xsl:when test="starts-with(translate($m/video_url, 'HTPS', 'htps'), 'https://') or starts-with(translate($m/video_url, 'HTP', 'htp'), 'http://')"><a href="{$m/video_url}"><xsl:value-of select="$m/video_url"/></a></xsl:when><xsl:otherwise><xsl:value-of select="$m/video_url"/></xsl:otherwise></xsl:choose></dd></xsl:if>
      <dt>Who</dt><dd><xsl:value-of select="$m/attendees"/></dd>
      <xsl:if test="$m/decline_reason"><dt>Reason</dt><dd><xsl:value-of select="$m/decline_reason"/></dd></xsl:if>
      <xsl:if test="$m/notes"><dt>Your notes</dt><dd><xsl:value-of select="$m/notes"/></dd></xsl:if>
    </dl>
    <xsl:if test="$m/status = 'confirmed' or $m/status = 'cancelled'">
      <p><a href="{$base}/meetings/{$m/id}/ics">Add to my calendar (.ics)</a></p>
    </xsl:if>
    <xsl:if test="$m/status = 'proposed'">
      <h2>We proposed <xsl:value-of select="$m/@proposed_start"/></h2>
      <form method="post" action="{$base}/meetings/{$m/id}/accept" class="inline">
        <xsl:call-template name="csrf"/>
        <button type="submit" class="primary">Accept this time</button>
      </form>
    </xsl:if>
    <xsl:if test="$m/status = 'proposed' or $m/status = 'declined'">
      <h2>Ask for other times</h2>
      <form method="post" action="{$base}/meetings/{$m/id}/again" class="stack">
        <xsl:call-template name="csrf"/>
        <xsl:call-template name="mt-slots"/>
        <p><button type="submit">Send new times</button></p>
      </form>
    </xsl:if>
    <h2>Notes and decisions</h2>
    <xsl:choose>
      <xsl:when test="notes/note">
        <ul class="notes">
          <xsl:for-each select="notes/note">
            <li><strong><xsl:choose><xsl:when test="kind = 'decision'">Decision</xsl:when><xsl:otherwise>Note</xsl:otherwise></xsl:choose></strong>
              <span class="when"><xsl:value-of select="created_at"/></span>
              <p><xsl:value-of select="body"/></p></li>
          </xsl:for-each>
        </ul>
      </xsl:when>
      <xsl:otherwise><xsl:call-template name="empty"><xsl:with-param name="icon">file</xsl:with-param><xsl:with-param name="title">None shared yet.</xsl:with-param></xsl:call-template></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
