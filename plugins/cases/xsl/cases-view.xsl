<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <!-- Loaded as if in the skin's pages/: reach the plugin's own folder. -->
  <xsl:include href="../../../plugins/cases/xsl/cases-common.xsl"/>
  <!-- One case for the client: description, replies, files, a reply form. -->
  <xsl:template match="content" mode="page">
    <xsl:variable name="k" select="case"/>
    <nav class="crumbs" aria-label="Breadcrumb"><a href="{$base}/cases">Support cases</a></nav>
    <h1>#<xsl:value-of select="$k/id"/><xsl:text> </xsl:text><xsl:value-of select="$k/subject"/></h1>
    <dl class="facts">
      <dt>Status</dt><dd><xsl:call-template name="cs-status"><xsl:with-param name="s" select="$k/status"/></xsl:call-template></dd>
      <dt>Type</dt><dd><xsl:value-of select="$k/type"/></dd>
      <dt>Priority</dt><dd><xsl:call-template name="cs-prio"><xsl:with-param name="p" select="$k/priority"/></xsl:call-template></dd>
      <xsl:if test="$k/project"><dt>Project</dt><dd><xsl:value-of select="$k/project"/></dd></xsl:if>
      <dt>Opened</dt><dd><xsl:value-of select="$k/@created"/> by <xsl:value-of select="$k/opener"/></dd>
      <xsl:if test="$k/owner"><dt>Handled by</dt><dd><xsl:value-of select="$k/owner"/></dd></xsl:if>
      <dt>Our targets</dt><dd><xsl:call-template name="cs-sla"><xsl:with-param name="sla" select="$k/sla"/></xsl:call-template></dd>
    </dl>
    <div class="markdown"><xsl:copy-of select="$k/description/html/node()"/></div>
    <xsl:call-template name="cs-thread"><xsl:with-param name="prefix">/cases/</xsl:with-param></xsl:call-template>
    <xsl:choose>
      <xsl:when test="$k/status = 'closed'"><p>This case is closed. <a href="{$base}/cases/new">Open a new case</a> if you need more help.</p></xsl:when>
      <xsl:otherwise>
        <h2>Reply</h2>
        <form method="post" action="{$base}/cases/{$k/id}/reply" class="stack" enctype="multipart/form-data">
          <xsl:call-template name="csrf"/>
          <xsl:call-template name="field"><xsl:with-param name="name">body</xsl:with-param><xsl:with-param name="label">Your reply</xsl:with-param><xsl:with-param name="type">textarea</xsl:with-param><xsl:with-param name="required" select="true()"/>
            <xsl:with-param name="hint"><xsl:if test="$k/status = 'resolved'">Replying opens the case again.</xsl:if></xsl:with-param></xsl:call-template>
          <xsl:call-template name="field"><xsl:with-param name="name">file</xsl:with-param><xsl:with-param name="label">Attach a file (optional)</xsl:with-param><xsl:with-param name="type">file</xsl:with-param></xsl:call-template>
          <p><button type="submit" class="primary">Send reply</button></p>
        </form>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
