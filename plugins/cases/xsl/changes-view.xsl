<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <!-- Loaded as if in the skin's pages/: reach the plugin's own folder. -->
  <xsl:include href="../../../plugins/cases/xsl/cases-common.xsl"/>
  <!-- One change request for the client, with the estimate to approve. -->
  <xsl:template match="content" mode="page">
    <xsl:variable name="c" select="change"/>
    <nav class="crumbs" aria-label="Breadcrumb"><a href="{$base}/changes">Change requests</a></nav>
    <h1><xsl:value-of select="$c/title"/></h1>
    <xsl:call-template name="cr-facts"/>
    <xsl:if test="$c/status = 'signing'">
      <div class="panel" role="status">
        <p><xsl:value-of select="$c/decided_name"/> approved this estimate; the approval takes effect once it is signed.</p>
        <xsl:if test="signing/@link"><p><a class="button primary" href="{$base}{signing/@link}">Sign the estimate</a></p></xsl:if>
      </div>
    </xsl:if>
    <xsl:if test="$c/sealed_file_id and signing/@envelope and not(signing/@absent)">
      <p><a href="{$base}/esign/{signing/@envelope}/sealed">Download the signed estimate (PDF)</a></p>
    </xsl:if>
    <xsl:call-template name="cr-estimate"/>
    <xsl:if test="$c/status = 'estimated'">
      <h2>Your answer</h2>
      <form method="post" action="{$base}/changes/{$c/id}/decide" class="stack">
        <xsl:call-template name="csrf"/>
        <xsl:call-template name="field"><xsl:with-param name="name">note</xsl:with-param><xsl:with-param name="label">Comment (optional)</xsl:with-param><xsl:with-param name="type">textarea</xsl:with-param></xsl:call-template>
        <p>Approving records your name, the time and your address, and the team starts the work as estimated.</p>
        <p><button type="submit" name="decision" value="approve" class="primary">Approve the estimate</button>
          <xsl:text> </xsl:text><button type="submit" name="decision" value="reject" class="danger">Reject</button></p>
      </form>
    </xsl:if>
  </xsl:template>
  <xsl:template name="cr-facts">
    <xsl:variable name="c" select="change"/>
    <dl class="facts">
      <dt>Status</dt><dd><xsl:call-template name="cs-status"><xsl:with-param name="s" select="$c/status"/></xsl:call-template></dd>
      <dt>Category</dt><dd><xsl:call-template name="cr-cat"><xsl:with-param name="c" select="$c/category"/></xsl:call-template></dd>
      <dt>Priority</dt><dd><xsl:call-template name="cs-prio"><xsl:with-param name="p" select="$c/priority"/></xsl:call-template></dd>
      <xsl:if test="$c/project"><dt>Project</dt><dd><xsl:value-of select="$c/project"/></dd></xsl:if>
      <dt>Asked by</dt><dd><xsl:value-of select="$c/requester"/>, <xsl:value-of select="$c/@created"/></dd>
      <dt>Justification</dt><dd><xsl:value-of select="$c/justification"/></dd>
      <dt>Expected benefit</dt><dd><xsl:value-of select="$c/benefit"/></dd>
    </dl>
    <div class="markdown"><xsl:copy-of select="$c/description_html/html/node()"/></div>
  </xsl:template>
</xsl:stylesheet>
